import Foundation
import TerminalKit
import WardenCore

/// Search as you type across people and properties. Each keystroke starts a query that replaces
/// the previous one; the access log gets one row per *settled* query (no typing for a moment, or
/// a result opened), not one per keystroke.
public struct SearchScreen: DashboardScreen {
    enum Focus: Sendable { case input, people, properties }

    /// Fired when typing has paused; carries the text generation it was set for.
    struct Settle: Sendable { var generation: Int }
    /// Results for a query.
    struct Found: Sendable { var results: SearchService.Results }

    /// Results per list; a full list reads "50+" (narrow the search to see the rest).
    static let limit = 50

    /// How long typing must pause before a query counts as settled (and is audited).
    static let settleDelay: Duration = .milliseconds(700)

    var input = TextInput(placeholder: "name, date of birth, NINO, NHS number, phone, email, UPRN, postcode or address")
    var focus = Focus.input
    var people = TablePanel(columns: [
        TableColumn("Name", width: .flexible(min: 12, weight: 2)),
        TableColumn("Born", width: .fixed(10)),
        TableColumn("Age", width: .fixed(3), alignment: .right),
        TableColumn("Current address", width: .flexible(min: 12, weight: 3)),
        TableColumn("Recs", width: .fixed(4), alignment: .right),
        TableColumn("Virtual id", width: .fixed(10), alignment: .right),
    ], emptyMessage: "Type at least two letters or digits")
    var properties = TablePanel(columns: [
        TableColumn("Address", width: .flexible(min: 16, weight: 3)),
        TableColumn("UPRN", width: .fixed(12)),
        TableColumn("Ward", width: .flexible(min: 8, weight: 1)),
        TableColumn("People", width: .fixed(6), alignment: .right),
    ], emptyMessage: "")
    /// The results shown, and the query they answer.
    var results: SearchService.Results?
    /// Bumped on every change of the text.
    var generation = 0
    /// The last query written to the access log.
    var audited: String?
    var area = Rect.zero

    /// A search screen, optionally starting with `query`.
    public init(query: String = "") {
        input.setText(query)
    }

    var query: String { input.text.trimmingCharacters(in: .whitespaces) }

    public var title: String {
        query.isEmpty ? "Search" : "Search \u{2018}" + TextLayout.truncate(query, to: 20) + "\u{2019}"
    }

    public var capturesText: Bool { focus == .input }

    public var bindings: [KeyBinding] {
        var b = [
            KeyBinding([.enter], "Enter", "Open", command: "open"),
            KeyBinding([.tab, .backTab], "Tab", "Next list", command: "focus"),
            KeyBinding([.up, .down, .pageUp, .pageDown], "↑↓ PgUp PgDn", "Move between the field and the results", command: "move", hint: false),
        ]
        if focus == .input {
            b.append(KeyBinding([.ctrl("u")], "Ctrl-U", "Clear the search", command: "clear", hint: false))
        } else {
            b.append(KeyBinding([.home, .end], "Home End", "First / last result", command: "move", hint: false))
            b.append(KeyBinding([.char("y")], "y", "Copy the row", command: "copy"))
            b.append(KeyBinding([.backspace], "Backspace", "Back to the search field", command: "edit", hint: false))
        }
        return b
    }

    public var statusMessage: String {
        guard let r = results, !query.isEmpty else { return "" }
        // A full page means there may be more: say so, so nobody takes 50 for all.
        func n(_ c: Int) -> String { c >= Self.limit ? "\(c)+" : "\(c)" }
        return "\(n(r.people.count)) \(r.people.count == 1 ? "person" : "people"), \(n(r.properties.count)) \(r.properties.count == 1 ? "property" : "properties")"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        query.isEmpty ? .none : textChanged()
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            layoutTables()
            return .none
        case .command("global.search", _):
            focus = .input
            return .none
        case .command("open", _):
            return open()
        case .command("focus", let key):
            cycleFocus(backwards: key == .backTab)
            return .none
        case .command("move", let key):
            return move(key)
        case .command("clear", _):
            input.setText("")
            return textChanged()
        case .command("copy", _):
            let panel = focus == .properties ? properties : people
            guard let text = panel.selectedCopy else { return .none }
            return .copy(text, what: focus == .properties ? "the property" : "the person")
        case .command("edit", _):
            focus = .input
            input.backspace()
            return textChanged()
        case .key(let key):
            if focus != .input, case .char = key { focus = .input }
            guard focus == .input else { return .ignored }
            let before = input.text
            guard input.handle(key) else { return .ignored }
            return input.text == before ? .none : textChanged()
        case .paste(let text):
            focus = .input
            input.insert(text)
            return textChanged()
        case .loaded("search", let payload):
            guard let found = payload as? Found, found.results.query == query else { return .none } // stale
            show(found.results)
            return .none
        case .timer(let payload):
            guard let settle = payload as? Settle, settle.generation == generation else { return .none }
            return recordSearch()
        case .mouse(let m):
            for which in [Focus.people, .properties] {
                var panel = which == .people ? people : properties
                guard panel.area.contains(m.position) else { continue }
                let (used, open) = panel.mouse(m)
                if which == .people { people = panel } else { properties = panel }
                if used, case .press = m.action { focus = which }
                if let open { return recordSearch() + .push(open.screen()) }
                return used ? .none : .ignored
            }
            if m.position.y == area.y, case .press = m.action { focus = .input; return .none }
            return .ignored
        default:
            return .ignored
        }
    }

    // MARK: Behaviour

    /// Starts the query for the current text (replacing any running one) and the settle timer.
    mutating func textChanged() -> ScreenEffect {
        generation += 1
        let q = query
        guard q.filter({ $0.isLetter || $0.isNumber }).count >= 2 else {
            results = nil
            show(nil)
            return .none
        }
        return .load(id: "search", label: "Searching") { data in Found(results: try data.search(q, limit: Self.limit)) }
            + .after(Self.settleDelay, Settle(generation: generation))
    }

    /// Writes the access-log row for the query on screen, once.
    mutating func recordSearch() -> ScreenEffect {
        let q = query
        guard !q.isEmpty, q != audited, q.filter({ $0.isLetter || $0.isNumber }).count >= 2 else { return .none }
        audited = q
        let shown = results?.query == q ? results : nil
        return .load(id: "audit", label: nil) { data in
            try data.recordSearch(q, people: shown?.people.count, properties: shown?.properties.count)
            return true
        }
    }

    mutating func open() -> ScreenEffect {
        let target: Destination?
        switch focus {
        case .input: target = people.selectedTarget ?? properties.selectedTarget
        case .people: target = people.selectedTarget
        case .properties: target = properties.selectedTarget
        }
        guard let target else { return query.isEmpty ? .ignored : .status("Nothing to open: no results", .warning) }
        return recordSearch() + .push(target.screen())
    }

    mutating func cycleFocus(backwards: Bool) {
        let order: [Focus] = [.input, .people, .properties].filter { f in
            f == .input || (f == .people ? people.count > 0 : properties.count > 0)
        }
        let i = order.firstIndex(of: focus) ?? 0
        focus = order[(i + (backwards ? order.count - 1 : 1)) % order.count]
    }

    mutating func move(_ key: KeyEvent) -> ScreenEffect {
        switch (focus, key) {
        case (.input, .down), (.input, .pageDown):
            if people.count > 0 { focus = .people } else if properties.count > 0 { focus = .properties }
        case (.input, _):
            break
        case (.people, .up) where people.state.selected == 0:
            focus = .input
        case (.people, .down) where people.state.selected >= people.count - 1 && properties.count > 0:
            focus = .properties
            properties.state.select(0, count: properties.count, visibleRows: Table.visibleRows(in: properties.area))
        case (.properties, .up) where properties.state.selected == 0:
            focus = people.count > 0 ? .people : .input
        case (.people, _):
            _ = people.move(key)
        case (.properties, _):
            _ = properties.move(key)
        }
        return .none
    }

    mutating func show(_ r: SearchService.Results?) {
        results = r
        let hits = r?.people ?? []
        people.setRows(hits.map { p in
            let address = p.dateOfDeath.map { "deceased " + Format.date($0) } ?? p.address ?? "address unknown"
            return TableRow([TableCell(p.name), TableCell(Format.date(p.dob)), TableCell(p.age.map(String.init) ?? ""),
                             TableCell(address), TableCell(String(p.sources)), TableCell(String(p.id))],
                            style: p.dateOfDeath != nil ? Style(.dim) : nil)
        }, targets: hits.map { .person($0.id) }, copies: hits.map { p in
            [p.name, p.dob.map { "born " + Format.date($0) }, p.address, "virtual id \(p.id)"].compactMap { $0 }.joined(separator: ", ")
        })
        let places = r?.properties ?? []
        properties.setRows(places.map { p in
            TableRow([p.address, Format.uprn(p.uprn), p.ward ?? "", String(p.occupants)])
        }, targets: places.map { .property($0.uprn) }, copies: places.map { "\($0.address), UPRN \(Format.uprn($0.uprn))" })
        people.state.select(0, count: people.count, visibleRows: Table.visibleRows(in: people.area))
        properties.state.select(0, count: properties.count, visibleRows: Table.visibleRows(in: properties.area))
        people.emptyMessage = r == nil ? "Type at least two letters or digits" : "No people match"
        properties.emptyMessage = r == nil ? "" : "No properties match"
        if focus == .people && people.count == 0 { focus = properties.count > 0 ? .properties : .input }
        if focus == .properties && properties.count == 0 { focus = people.count > 0 ? .people : .input }
        layoutTables()
    }

    // MARK: Layout and render

    struct Layout {
        var input: Rect
        var note: Rect
        var peopleTitle: Rect
        var people: Rect
        var propertiesTitle: Rect
        var properties: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let top = area.splitVertically(.fixed(1), .fixed(1), .fill)
        let body = top[2]
        // People get most of the room; a list with no results keeps three rows for its message,
        // or only its title ("Properties (0)") when the window is too short to also show a
        // result of the other list.
        let p = people.count, q = properties.count
        let empty = body.height >= 8 ? 3 : 1
        let shares: [Constraint]
        if q == 0 && p > 0 { shares = [.fill, .fixed(empty)] } else if p == 0 && q > 0 { shares = [.fixed(empty), .fill] } else { shares = [.percent(60), .fill] }
        let halves = body.split(.vertical, shares)
        let ph = halves[0].splitVertically(.fixed(1), .fill)
        let qh = halves[1].splitVertically(.fixed(1), .fill)
        return Layout(input: top[0], note: top[1], peopleTitle: ph[0], people: ph[1], propertiesTitle: qh[0], properties: qh[1])
    }

    mutating func layoutTables() {
        let l = layout(area)
        people.area = l.people
        properties.area = l.properties
        people.state.select(people.state.selected, count: people.count, visibleRows: Table.visibleRows(in: l.people))
        properties.state.select(properties.state.selected, count: properties.count, visibleRows: Table.visibleRows(in: l.properties))
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        let l = layout(area)
        let label = " Find "
        let w = canvas.draw(label, at: l.input.origin, style: Style(focus == .input ? .emphasis : .dim), maxWidth: l.input.width)
        input.render(into: &canvas, area: Rect(x: l.input.x + w, y: l.input.y, width: max(0, l.input.width - w - 1), height: 1),
                     isFocused: focus == .input)
        let g = Glyphs(canvas.symbols)
        if let r = results, !r.corrections.isEmpty {
            let words = r.corrections.keys.sorted().map { w in g.openQuote + w + g.closeQuote + " " + (canvas.symbols.isASCII ? "->" : "→") + " " + (r.corrections[w] ?? []).prefix(4).joined(separator: ", ") }
            canvas.draw(" No exact match; near spellings: " + words.joined(separator: "; "), in: l.note, style: Style(.statusWarn))
        } else if results == nil && !query.isEmpty {
            canvas.draw(" Type at least two letters or digits", in: l.note, style: Style(.dim))
        } else if results == nil {
            canvas.draw(" Names match from their start; accents, case and the postcode space do not matter.", in: l.note, style: Style(.dim))
        }
        let pc = results.map { " (\($0.people.count)\($0.people.count >= Self.limit ? "+" : ""))" } ?? ""
        canvas.draw(" People" + pc, in: l.peopleTitle, style: Style(focus == .people ? .title : .header))
        people.render(into: &canvas, area: l.people, focused: focus == .people)
        if !l.propertiesTitle.isEmpty {
            let qc = results.map { " (\($0.properties.count)\($0.properties.count >= Self.limit ? "+" : ""))" } ?? ""
            canvas.draw(" Properties" + qc, in: l.propertiesTitle, style: Style(focus == .properties ? .title : .header))
            properties.render(into: &canvas, area: l.properties, focused: focus == .properties)
        }
    }
}
