import TerminalKit

/// The first screen: a line saying how to start, then the registered tiles laid out in columns.
public struct HomeScreen: DashboardScreen {
    struct Loaded: Sendable { var content: TileContent? }

    let tiles: [any HomeTile]
    /// Content by tile id; a tile that returned nil is absent.
    var contents: [String: TileContent] = [:]
    var failures: [String: String] = [:]
    var loadedOnce = false
    /// The tile with the focus (index into `tiles`), and each tile's selected row.
    var focus = 0
    var selection: [String: ListState] = [:]
    var area = Rect.zero

    public init(tiles: [any HomeTile] = StandardTiles.all) {
        self.tiles = tiles
    }

    public var title: String { "Home" }

    /// Tiles that have something to show, in registry order.
    var shown: [any HomeTile] { tiles.filter { contents[$0.id] != nil || failures[$0.id] != nil } }

    var focusedTile: (any HomeTile)? {
        let s = shown
        return s.isEmpty ? nil : s[min(focus, s.count - 1)]
    }

    public var bindings: [KeyBinding] {
        var b = [
            KeyBinding([.tab, .backTab], "Tab Shift-Tab", "Next / previous tile", command: "tile"),
            KeyBinding.move,
        ]
        if let t = focusedTile, let c = contents[t.id], c.rows.contains(where: { $0.target != nil }) {
            b.append(KeyBinding([.enter], "Enter", "Open", command: "open"))
        }
        b.append(KeyBinding([.char("y")], "y", "Copy the value", command: "copy", hint: false))
        b.append(KeyBinding([.char("r"), .function(5)], "r F5", "Refresh the tiles", command: "refresh", hint: false))
        return b
    }

    public var statusMessage: String { loadedOnce ? "" : "Loading…" }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect { loadAll(context) }

    mutating func loadAll(_ context: ScreenContext) -> ScreenEffect {
        var effect = ScreenEffect.none
        let today = context.today
        for tile in tiles {
            effect = effect + .load(id: "tile:" + tile.id, label: "Loading the home screen") { data in
                Loaded(content: try tile.load(data, today: today))
            }
        }
        return effect
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            return .none
        case .appeared:
            return loadAll(context) // "recently opened" has changed
        case .loaded(let id, let payload):
            guard let loaded = payload as? Loaded else { return .none }
            let tileID = String(id.dropFirst(5))
            contents[tileID] = loaded.content
            failures[tileID] = nil
            loadedOnce = true
            return .none
        case .failed(let id, let message):
            failures[String(id.dropFirst(5))] = message
            return .none
        case .command("tile", let key):
            let n = shown.count
            guard n > 0 else { return .none }
            focus = key == .backTab ? (focus - 1 + n) % n : (focus + 1) % n
            return .none
        case .command("move", let key):
            guard let t = focusedTile, let c = contents[t.id] else { return .none }
            var s = selection[t.id] ?? ListState()
            _ = s.handle(key, count: c.rows.count, visibleRows: max(1, tileRect(t.id)?.height ?? 3) - 2)
            selection[t.id] = s
            return .none
        case .command("open", _):
            guard let t = focusedTile, let c = contents[t.id], !c.rows.isEmpty else { return .ignored }
            let row = c.rows[min(selection[t.id]?.selected ?? 0, c.rows.count - 1)]
            guard let target = row.target else { return .status("Nothing to open here") }
            return .push(target.screen())
        case .command("copy", _):
            guard let t = focusedTile, let c = contents[t.id], !c.rows.isEmpty else { return .none }
            let row = c.rows[min(selection[t.id]?.selected ?? 0, c.rows.count - 1)]
            return .copy(row.label.trimmingCharacters() + ": " + row.value, what: row.label.trimmingCharacters())
        case .command("refresh", _):
            return loadAll(context)
        case .mouse(let m):
            guard case .press(.left) = m.action else { return .ignored }
            for (i, t) in shown.enumerated() {
                guard let r = tileRect(t.id), r.contains(m.position) else { continue }
                let wasFocused = i == focus
                focus = i
                let row = m.position.y - r.y - 1 + (selection[t.id]?.offset ?? 0)
                if let c = contents[t.id], row >= 0, row < c.rows.count, m.position.y > r.y, m.position.y < r.maxY - 1 {
                    if wasFocused && selection[t.id]?.selected == row, let target = c.rows[row].target { return .push(target.screen()) }
                    var s = selection[t.id] ?? ListState()
                    s.select(row, count: c.rows.count, visibleRows: r.height - 2)
                    selection[t.id] = s
                }
                return .none
            }
            return .ignored
        default:
            return .ignored
        }
    }

    // MARK: Layout

    /// Columns by width: one below 76, two below 150, three from there.
    static func columns(for width: Int) -> Int { width >= 150 ? 3 : width >= 76 ? 2 : 1 }

    func naturalHeight(_ id: String) -> Int {
        if let c = contents[id] { return c.rows.count + 2 + (c.note != nil ? 1 : 0) }
        return 3 // a failure message
    }

    /// Each shown tile's rect. Every tile first gets a few rows (in order, in the column with
    /// the most room), so a long tile cannot push a later one off the screen; what room is left
    /// in a column then goes to its tiles, in order, up to what each has to show.
    func tileRects(in area: Rect) -> [(id: String, rect: Rect)] {
        let all = tileRects(body: area.inset(top: 1))
        if all.count == shown.count { return all }
        // the last line says which tiles found no room
        return tileRects(body: area.inset(top: 1, bottom: 1))
    }

    private func tileRects(body: Rect) -> [(id: String, rect: Rect)] {
        guard !body.isEmpty else { return [] }
        let n = Self.columns(for: body.width)
        let cols = body.split(.horizontal, Array(repeating: .fill, count: n), spacing: 1)
        // When everything fits, each tile whole, in order, in the column with the most room.
        var whole: [(id: String, rect: Rect)] = []
        var filled = Array(repeating: 0, count: n)
        for t in shown {
            let c = filled.indices.min { filled[$0] < filled[$1] }!
            let h = naturalHeight(t.id)
            guard body.height - filled[c] >= h else { break }
            whole.append((t.id, Rect(x: cols[c].x, y: body.y + filled[c], width: cols[c].width, height: h)))
            filled[c] += h
        }
        if whole.count == shown.count { return whole }
        var used = Array(repeating: 0, count: n)
        var placed: [[(id: String, height: Int, natural: Int)]] = Array(repeating: [], count: n)
        for t in shown {
            let c = used.indices.min { used[$0] < used[$1] }!
            let room = body.height - used[c]
            guard room >= 3 else { continue }
            let natural = naturalHeight(t.id)
            let h = min(natural, Self.firstShare, room)
            placed[c].append((t.id, h, natural))
            used[c] += h
        }
        var out: [(id: String, rect: Rect)] = []
        for c in 0..<n {
            var spare = body.height - used[c]
            var y = body.y
            for var t in placed[c] {
                let more = min(spare, t.natural - t.height)
                if more > 0 { t.height += more; spare -= more }
                out.append((t.id, Rect(x: cols[c].x, y: y, width: cols[c].width, height: t.height)))
                y += t.height
            }
        }
        return shown.compactMap { t in out.first { $0.id == t.id } }
    }

    /// Rows every tile gets before any tile gets more: a border and four rows.
    static let firstShare = 6

    /// Tiles with content that found no room at all (a short window).
    func tilesLeftOut(in area: Rect) -> [String] {
        let placed = Set(tileRects(in: area).map(\.id))
        return shown.filter { !placed.contains($0.id) }.compactMap { t in tiles.first { $0.id == t.id }?.title }
    }

    func tileRect(_ id: String) -> Rect? { tileRects(in: area).first { $0.id == id }?.rect }

    // MARK: Render

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        guard !area.isEmpty else { return }
        let access = context.data.access
        let search: [Span] = access.canUse(screen: "search")
            ? [Span(" Find a resident or a property: press "), Span("/", style: Style(.emphasis)), Span(".")] : []
        let intro: [Span] = access.isUser
            ? search + [Span(" Commands: "), Span(":", style: Style(.emphasis)), Span(". Every key: "),
                        Span("?", style: Style(.emphasis)), Span(".")]
            : [Span(" \(access.account) is not a Warden user and sees no personal data. Ask a data protection officer: ", style: Style(.statusWarn)),
               Span("warden users add \(access.account) --role ROLE", style: Style(.emphasis))]
        canvas.draw(intro, at: area.origin, maxWidth: area.width)
        if shown.isEmpty {
            let text = loadedOnce ? "This warehouse holds no loads yet: build it with `warden build --from DIR`." : "Reading the warehouse…"
            canvas.draw(text, in: area.row(2).inset(left: 1), style: Style(.dim))
            return
        }
        let left = tilesLeftOut(in: area)
        if !left.isEmpty {
            // a tile the window has no room for is named, not silently dropped
            let text = "No room for: " + left.joined(separator: ", ") + " (a taller window shows it)"
            canvas.draw(text, in: Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1), style: Style(.dim))
        }
        let focusedID = focusedTile?.id
        for (id, rect) in tileRects(in: area) {
            guard let tile = tiles.first(where: { $0.id == id }) else { continue }
            let focused = id == focusedID
            let inner = canvas.drawBox(rect, title: tile.title, style: Style(focused ? .borderFocus : .border))
            if let failure = failures[id] {
                canvas.draw("Could not read: " + failure, in: inner.row(0), style: Style(.statusError))
                continue
            }
            guard let c = contents[id] else { continue }
            let noteRows = c.note != nil ? 1 : 0
            let list = Rect(x: inner.x, y: inner.y, width: inner.width, height: max(0, inner.height - noteRows))
            let state = selection[id] ?? ListState()
            renderRows(c.rows, into: &canvas, area: list, state: state, focused: focused)
            // rows the tile has no room for are said on its bottom border, not silently cut
            let below = c.rows.count - state.visibleRange(count: c.rows.count, visibleRows: list.height).upperBound
            if below > 0 && rect.width > 14 {
                let text = " \(canvas.symbols.sortDescending) \(below) more "
                canvas.draw(text, at: Point(x: rect.maxX - 2 - DisplayWidth.of(text), y: rect.maxY - 1), style: Style(.dim))
            }
            if let note = c.note, inner.height > 0 {
                canvas.draw(note, in: Rect(x: inner.x + 2, y: inner.maxY - 1, width: max(0, inner.width - 2), height: 1), style: Style(.dim))
            }
        }
    }

    private func renderRows(_ rows: [TileContent.Row], into canvas: inout Canvas, area: Rect, state: ListState, focused: Bool) {
        guard !area.isEmpty else { return }
        let range = state.visibleRange(count: rows.count, visibleRows: area.height)
        for (k, i) in range.enumerated() {
            let row = rows[i]
            let line = Rect(x: area.x, y: area.y + k, width: area.width, height: 1)
            let selected = focused && i == state.selected
            let base = selected ? Style(.selection) : .text
            if selected {
                canvas.fill(line, style: base)
                canvas.draw(canvas.symbols.selectionMarker, at: line.origin, style: base, maxWidth: 1)
            }
            let content = line.inset(left: 2)
            // Values win over labels: a label keeps at least a third of the row (or its own width).
            let labelNatural = DisplayWidth.of(Sanitizer.sanitize(row.label))
            let valueWidth = min(DisplayWidth.of(Sanitizer.sanitize(row.value)), max(0, content.width - min(labelNatural, content.width / 3) - 1))
            let labelWidth = max(0, content.width - valueWidth - 1)
            canvas.draw(row.label, in: Rect(x: content.x, y: line.y, width: labelWidth, height: 1), style: selected ? base : Style(.label))
            canvas.draw(row.value, in: Rect(x: content.maxX - valueWidth, y: line.y, width: valueWidth, height: 1),
                        style: selected ? base : row.role.map { Style($0) } ?? .text, alignment: .right)
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
