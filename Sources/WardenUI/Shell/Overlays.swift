import Foundation
import TerminalKit

/// `?`: every key of the current screen, then the keys that work everywhere. Built from the
/// screen's declared ``KeyBinding``s — the same list that dispatches the keys — so it cannot go stale.
struct HelpOverlay: Sendable {
    struct Line: Sendable, Hashable {
        var key: String
        var text: String
        var isHeading: Bool
    }

    var title: String
    var lines: [Line]
    var scroll = 0
    /// Whether `lines` were already turned into plain ASCII for this frame.
    var plainText = false

    init(screenTitle: String, screenBindings: [KeyBinding], globalBindings: [KeyBinding]) {
        title = "Help: " + screenTitle
        var lines: [Line] = [Line(key: "", text: "On this screen", isHeading: true)]
        if screenBindings.isEmpty { lines.append(Line(key: "", text: "(only the keys below)", isHeading: false)) }
        for b in screenBindings { lines.append(Line(key: b.keyLabel, text: b.label, isHeading: false)) }
        lines.append(Line(key: "", text: "", isHeading: false))
        lines.append(Line(key: "", text: "Everywhere", isHeading: true))
        for b in globalBindings { lines.append(Line(key: b.keyLabel, text: b.label, isHeading: false)) }
        lines.append(Line(key: "", text: "", isHeading: false))
        lines.append(Line(key: "", text: "In a search field, letters type themselves: use F1 for help, Ctrl-P for commands, Esc to go back.", isHeading: false))
        lines.append(Line(key: "", text: "The mouse: click a row to select it, click it again to open it, click the path above to go back.", isHeading: false))
        self.lines = lines
    }

    func frame(in area: Rect) -> Rect {
        let keyWidth = lines.map { DisplayWidth.of($0.key) }.max() ?? 0
        let longest = lines.map { DisplayWidth.of($0.key.isEmpty ? $0.text : $0.text) + (keyWidth + 2) }.max() ?? 0
        let width = min(area.width >= 24 ? area.width - 2 : area.width, max(48, min(longest + 4, 84)))
        let height = min(area.height, wrapped(width: width - 4).count + 2)
        return area.centered(Size(width: width, height: height))
    }

    /// Lines as drawn at an inner width: long text wraps, continuing under its own text.
    func wrapped(width: Int) -> [(key: String, text: String, heading: Bool, indented: Bool)] {
        let keyWidth = min(lines.map { DisplayWidth.of($0.key) }.max() ?? 0, max(1, width / 3))
        var out: [(key: String, text: String, heading: Bool, indented: Bool)] = []
        for l in lines {
            if l.key.isEmpty {
                let parts = TextLayout.wrap(l.text, width: max(1, width))
                for p in parts.isEmpty ? [""] : parts { out.append((key: "", text: p, heading: l.isHeading, indented: false)) }
            } else {
                let parts = TextLayout.wrap(l.text, width: max(1, width - keyWidth - 2))
                for (i, p) in parts.enumerated() { out.append((key: i == 0 ? l.key : "", text: p, heading: false, indented: true)) }
            }
        }
        return out
    }

    mutating func handle(_ key: KeyEvent, area: Rect) -> Bool {
        let f = frame(in: area)
        let visible = max(1, f.height - 2)
        let maxScroll = max(0, wrapped(width: f.width - 4).count - visible)
        switch key {
        case .down: scroll += 1
        case .up: scroll -= 1
        case .pageDown, .char(" "): scroll += visible - 1
        case .pageUp: scroll -= visible - 1
        case .home: scroll = 0
        case .end: scroll = maxScroll
        default: return false
        }
        scroll = min(max(0, scroll), maxScroll)
        return true
    }

    func render(into canvas: inout Canvas, area: Rect) {
        if canvas.symbols.isASCII && !plainText {
            // Plain mode: arrows and typographic marks become words a screen reader says plainly.
            let g = Glyphs(canvas.symbols)
            var plain = self
            plain.plainText = true
            plain.title = g.ascii(title)
            plain.lines = lines.map { Line(key: g.ascii($0.key), text: g.ascii($0.text), isHeading: $0.isHeading) }
            plain.render(into: &canvas, area: area)
            return
        }
        let f = frame(in: area)
        guard f.width >= 4, f.height >= 3 else { return }
        canvas.withClip(f) { canvas in
            let body = Style(.dialog)
            canvas.fill(f, style: body)
            let all = wrapped(width: f.width - 4)
            let visible = f.height - 2
            let more = all.count > visible ? (canvas.symbols.isASCII ? " (up/down to scroll)" : " (↑↓ to scroll)") : ""
            let inner = canvas.drawBox(f, title: title + more, style: body, titleStyle: Style(.dialogTitle), border: .dialog)
            let text = inner.inset(left: 1, right: 1)
            let keyWidth = min(lines.map { DisplayWidth.of($0.key) }.max() ?? 0, max(1, text.width / 3))
            for (k, l) in all.dropFirst(scroll).prefix(visible).enumerated() {
                let y = text.y + k
                if l.heading {
                    canvas.draw(l.text, in: Rect(x: text.x, y: y, width: text.width, height: 1), style: Style(.dialogTitle))
                    continue
                }
                if l.indented {
                    canvas.draw(l.key, in: Rect(x: text.x, y: y, width: keyWidth, height: 1), style: Style(.dialog, attributes: .bold))
                }
                let x = l.indented ? text.x + keyWidth + 2 : text.x
                canvas.draw(l.text, in: Rect(x: x, y: y, width: max(0, text.maxX - x), height: 1), style: body)
            }
        }
    }
}

/// `:`: a fuzzy-filtered list of commands ("search smith", "person 1381424", "theme",
/// "property 100000000001", "home", "quit"). Later panels register theirs in ``DashboardRegistry``.
struct CommandPalette: Sendable {
    var input = TextInput(placeholder: "a command, e.g. person 1381424")
    var matches: [PaletteCommand]
    var list = ListState()

    init(commands: [PaletteCommand]) {
        matches = commands
    }

    /// The first word typed and the rest (the command's argument).
    var parts: (word: String, argument: String) {
        let t = input.text.trimmingCharacters(in: .whitespaces)
        guard let space = t.firstIndex(of: " ") else { return (t, "") }
        return (String(t[..<space]), t[t.index(after: space)...].trimmingCharacters(in: .whitespaces))
    }

    /// Keeps the commands whose name matches the first word: names containing it first (those
    /// starting with it before the rest), and only when none do, names holding its letters in order.
    mutating func refilter(_ commands: [PaletteCommand]) {
        let word = parts.word.lowercased()
        if word.isEmpty {
            matches = commands
        } else if word.allSatisfy(\.isNumber) {
            matches = commands.filter(\.takesNumber)
        } else {
            let names: (PaletteCommand) -> [String] = { [$0.name] + $0.aliases }
            // A command named exactly by the word comes first ("ward" before "wards", "pilot" before "pilots").
            let exact = commands.filter { names($0).contains(word) }
            let prefix = commands.filter { c in !exact.contains { $0.name == c.name } && names(c).contains { $0.hasPrefix(word) } }
            let inside = commands.filter { c in !exact.contains { $0.name == c.name } && !prefix.contains { $0.name == c.name } && names(c).contains { $0.contains(word) } }
            matches = exact + prefix + inside
            if matches.isEmpty {
                matches = commands.filter { names($0).contains { CommandPalette.isSubsequence(word, of: $0) } }
            }
        }
        list.select(0, count: matches.count, visibleRows: 8)
    }

    static func isSubsequence(_ needle: String, of hay: String) -> Bool {
        var it = hay.makeIterator()
        outer: for c in needle {
            while let h = it.next() { if h == c { continue outer } }
            return false
        }
        return true
    }

    /// Arrow keys choose; other keys edit the text. Returns whether the key did anything.
    mutating func handle(_ key: KeyEvent) -> Bool {
        switch key {
        case .up, .down, .pageUp, .pageDown:
            _ = list.handle(key, count: matches.count, visibleRows: 8)
            return false // selection changes need no refilter
        case .tab:
            // Complete the selected command's name.
            guard !matches.isEmpty else { return false }
            let c = matches[min(list.selected, matches.count - 1)]
            input.setText(c.name + (c.argument != nil ? " " : ""))
            return true
        default:
            return input.handle(key)
        }
    }

    /// The selected command and its argument, or nil when nothing matches.
    func chosen() -> (PaletteCommand, String)? {
        guard !matches.isEmpty else { return nil }
        let c = matches[min(list.selected, matches.count - 1)]
        let p = parts
        if p.word.allSatisfy(\.isNumber) && !p.word.isEmpty { return (c, input.text.trimmingCharacters(in: .whitespaces)) }
        return (c, p.argument)
    }

    func frame(in area: Rect) -> Rect {
        let width = min(area.width >= 24 ? area.width - 2 : area.width, 72)
        let height = min(area.height, 4 + max(1, min(matches.count, 10)))
        return Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height >= 14 ? 1 : 0), width: width, height: height)
    }

    func render(into canvas: inout Canvas, area: Rect) {
        let f = frame(in: area)
        guard f.width >= 6, f.height >= 4 else { return }
        canvas.withClip(f) { canvas in
            let body = Style(.dialog)
            canvas.fill(f, style: body)
            let inner = canvas.drawBox(f, title: "Command", style: body, titleStyle: Style(.dialogTitle), border: .dialog)
            let prompt = Rect(x: inner.x + 1, y: inner.y, width: 2, height: 1)
            canvas.draw(":", in: prompt, style: body)
            input.render(into: &canvas, area: Rect(x: inner.x + 3, y: inner.y, width: inner.width - 4, height: 1), isFocused: true)
            canvas.draw(String(repeating: String(canvas.symbols.border.horizontal), count: inner.width),
                        at: Point(x: inner.x, y: inner.y + 1), style: body)
            let listArea = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
            let items = matches.map { c in ListItem(c.name + (c.argument.map { " " + $0 } ?? ""), detail: c.summary) }
            var state = list
            state.select(list.selected, count: items.count, visibleRows: listArea.height)
            ListView(items: items, emptyMessage: "No command matches").render(into: &canvas, area: listArea, state: state)
        }
    }
}
