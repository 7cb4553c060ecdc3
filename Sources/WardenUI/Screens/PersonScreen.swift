import TerminalKit
import WardenCore

/// Everything the warehouse knows about one virtual person, in the layout housing officers know
/// (identity and contacts first), with tabs for address history, service flags, every linked
/// source record and why it matched, and the household and related properties.
public struct PersonScreen: DashboardScreen {
    struct Loaded: Sendable { var view: PersonView? }

    enum Tab: Int, ScreenTab, Sendable { case overview, addresses, flags, records, household }

    public let id: Int64
    var view: PersonView?
    var loading = true
    var error: String?
    var tab = Tab.overview
    var overview: [DetailItem] = []
    var overviewState = ListState()
    var addresses = TablePanel(columns: [
        TableColumn("Rank", width: .fixed(4), alignment: .right),
        TableColumn("Address", width: .flexible(min: 16, weight: 3)),
        TableColumn("From", width: .fixed(10)),
        TableColumn("To", width: .fixed(10)),
        TableColumn("Score", width: .fixed(6), alignment: .right),
        TableColumn("Sources", width: .flexible(min: 10, weight: 2)),
    ], emptyMessage: "No address known")
    var flags = TablePanel(columns: [
        TableColumn("Code", width: .fixed(4)),
        TableColumn("Flag", width: .flexible(min: 18, weight: 3)),
        TableColumn("Date", width: .fixed(10)),
        TableColumn("Source", width: .flexible(min: 10, weight: 2)),
    ], emptyMessage: "No service flags")
    var records = TablePanel(columns: [
        TableColumn("Source", width: .flexible(min: 10, weight: 1)),
        TableColumn("Key", width: .flexible(min: 8, weight: 1)),
        TableColumn("Name on record", width: .flexible(min: 10, weight: 1)),
        TableColumn("Match", width: .fixed(5), alignment: .right),
        TableColumn("Why it matched", width: .flexible(min: 20, weight: 6)),
    ], emptyMessage: "No linked records")
    var household = TablePanel(columns: [
        TableColumn("Relation", width: .flexible(min: 10, weight: 1)),
        TableColumn("Person or property", width: .flexible(min: 16, weight: 3)),
        TableColumn("Age", width: .fixed(3), alignment: .right),
        TableColumn("Id / UPRN", width: .fixed(12), alignment: .right),
    ], emptyMessage: "No one else in the household, and no related properties")
    /// The linked record whose full explanation is open, if any.
    var recordDetail: Dialog?
    /// Waiting for the officer to state a purpose before the record is read.
    var purpose = PurposeGate()
    var area = Rect.zero

    /// A screen for the person with virtual id `id` (loaded when shown).
    public init(id: Int64) {
        self.id = id
    }

    public var title: String {
        guard let v = view else { return "Person \(id)" }
        return "\(v.name) (\(v.id))"
    }

    public var bindings: [KeyBinding] {
        if recordDetail != nil {
            return [KeyBinding([.escape, .enter], "Esc Enter", "Close", command: "close")]
        }
        guard view != nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        var b = [
            KeyBinding([.tab, .right], "Tab →", "Next section", command: "nextTab"),
            KeyBinding([.backTab, .left], "Shift-Tab ←", "Previous section", command: "previousTab", hint: false),
            KeyBinding((1...5).map { .char(Character(String($0))) }, "1-5", "Jump to a section", command: "jumpTab", hint: false),
            KeyBinding.move,
        ]
        switch tab {
        case .overview:
            // Only when there is a home to open: a person linkage could not place has none.
            if view?.currentUPRN != nil { b.append(KeyBinding([.enter], "Enter", "Open the property", command: "open")) }
        case .addresses: b.append(KeyBinding([.enter], "Enter", "Open the property", command: "open"))
        case .records: b.append(KeyBinding([.enter], "Enter", "Why it matched", command: "open"))
        case .household: b.append(KeyBinding([.enter], "Enter", "Open", command: "open"))
        case .flags: break
        }
        if view?.currentUPRN != nil {
            b.append(KeyBinding([.char("p")], "p", "Go to their home", command: "home"))
        }
        b.append(KeyBinding([.char("y")], "y", tab == .overview ? "Copy the value" : "Copy the row", command: "copy"))
        return b
    }

    public var statusMessage: String {
        guard let v = view else { return loading ? "Opening…" : "" }
        switch tab {
        case .overview: return Format.plural(v.records.count, "linked record")
        case .addresses: return Format.plural(v.addressHistory.count, "address", "addresses")
        case .flags: return Format.plural(v.flags.count, "flag")
        case .records: return records.count == 0 ? "" : "\(records.state.selected + 1) of \(records.count)"
        case .household: return "\(v.household.count) in household"
        }
    }

    /// Opening a record needs the purpose of the piece of work: ask once, then remember it.
    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        if let ask = purpose.ask(context, screen: "person") { return ask }
        return load()
    }

    mutating func load() -> ScreenEffect {
        loading = true
        let id = self.id
        return .load(id: "person", label: "Opening person \(id)") { data in Loaded(view: try data.person(id)) }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .loaded("person", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            loading = false
            if let v = loaded.view { show(v) } else { error = "No virtual person \(id) in this warehouse: find them with / and a name." }
            return .none
        case .failed("person", let message):
            loading = false
            error = message
            return .none
        case .appeared where purpose.awaiting:
            if let missing = purpose.answered(context, needed: "open a person's record") {
                loading = false
                error = missing
                return .none
            }
            return load()
        case .command("reload", _):
            error = nil
            if let ask = purpose.ask(context, screen: "person") { return ask }
            return load()
        case .command("close", _):
            recordDetail = nil
            return .none
        case .command(let name, let key) where tab.following(name, key) != nil:
            tab = tab.following(name, key)!
            return .none
        case .command("move", let key):
            if tab == .overview {
                _ = overviewState.handle(key, count: overview.count, visibleRows: max(1, panelArea.height))
            } else {
                _ = withPanel { $0.move(key) }
            }
            return .none
        case .command("open", _):
            return open()
        case .command("home", _):
            guard let u = view?.currentUPRN else { return .none }
            return .push(PropertyScreen(uprn: u))
        case .command("copy", _):
            return copy()
        case .mouse(let m):
            return mouse(m)
        default:
            return .ignored
        }
    }

    // MARK: Behaviour

    mutating func show(_ v: PersonView) {
        view = v
        error = nil
        overview = Self.overviewItems(v)
        let asHome: (Int64) -> Destination = { .property($0) }
        addresses.setRows(v.addressHistory.map { r in
            TableRow([TableCell(String(r.rank)), TableCell(r.address), TableCell(Format.date(r.from)),
                      TableCell(r.to.map(Format.date) ?? "now"), TableCell(Format.score(r.score)),
                      TableCell(r.sources.joined(separator: ", "))],
                     style: r.rank == 1 ? Style(.emphasis) : nil)
        }, targets: v.addressHistory.map { asHome($0.uprn) }, copies: v.addressHistory.map { "\($0.address) (UPRN \(Format.uprn($0.uprn)))" })
        flags.setRows(v.flags.map { f in
            TableRow([f.code, f.description ?? "", Format.date(f.date), f.source])
        }, targets: v.flags.map { _ in nil }, copies: v.flags.map { "\($0.code) \($0.description ?? "") \(Format.date($0.date))" })
        records.setRows(v.records.map { r in
            TableRow([TableCell(r.source), TableCell(r.key ?? "line \(r.line)"), TableCell(r.name),
                      TableCell(Format.confidence(r.confidence), style: Self.confidenceStyle(r.confidence)),
                      TableCell(Self.why(r.explanation))])
        }, targets: v.records.map { _ in nil }, copies: v.records.map { r in
            "\(r.source) \(r.key ?? "line \(r.line)"): \(r.name), match \(Format.confidence(r.confidence)) (\(Self.why(r.explanation)))"
        })
        var rows: [TableRow] = [], targets: [Destination?] = [], copies: [String] = []
        for h in v.household {
            rows.append(TableRow([TableCell("Lives with"), TableCell(h.name), TableCell(h.age.map(String.init) ?? ""), TableCell(String(h.id))]))
            targets.append(.person(h.id))
            copies.append("\(h.name), virtual id \(h.id)")
        }
        for r in v.relatedProperties {
            rows.append(TableRow([TableCell(r.relation), TableCell(r.address), TableCell(""), TableCell(Format.uprn(r.uprn))]))
            targets.append(.property(r.uprn))
            copies.append("\(r.address), UPRN \(Format.uprn(r.uprn))")
        }
        household.setRows(rows, targets: targets, copies: copies)
        layoutPanels()
    }

    /// The Newham "Person Details" fields, in their order.
    static func overviewItems(_ v: PersonView) -> [DetailItem] {
        var items: [DetailItem] = [DetailItem("Virtual Id", String(v.id))]
        if v.restricted && v.name == "Restricted record" {
            items.append(DetailItem("Restricted", "This record is restricted at the individual's request; only a data protection officer may see it.", style: Style(.statusWarn)))
            return items
        }
        if v.restricted { items.append(DetailItem("Restricted", "Hidden from everyone but admins", style: Style(.statusWarn))) }
        if !v.withheld.isEmpty {
            items.append(DetailItem("Withheld", v.withheld.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", ") + " (access policy)", style: Style(.statusInfo)))
        }
        if !v.rectified.isEmpty {
            items.append(DetailItem("Corrected", v.rectified.joined(separator: ", ") + " (at the individual's request)", style: Style(.statusInfo)))
        }
        if let old = v.redirectedFrom {
            items.append(DetailItem("Merged Id", "\(old) now leads here", style: Style(.statusInfo)))
        }
        items += [
            DetailItem("Customer Name", [v.title, v.name].compactMap { $0 }.joined(separator: " ")),
            DetailItem("Date of Birth", v.dob.map { Format.born($0, age: v.age) }),
        ]
        if let d = v.dateOfDeath { items.append(DetailItem("Date of Death", Format.date(d), style: Style(.statusWarn))) }
        let home = v.currentUPRN.map { Destination.property($0) }
        items += [
            DetailItem("Gender", v.gender),
            DetailItem("UPRN", v.currentUPRN.map(Format.uprn), target: home),
            DetailItem("Postcode", v.currentPostcode, target: home),
            DetailItem("Address", v.currentAddress, target: home),
            DetailItem("NINO", v.nino),
            DetailItem("NHS Number", v.nhsNumber),
            DetailItem("Marital Status", v.maritalStatus),
        ]
        func contacts(_ label: String, _ list: [PersonView.Contact]) {
            if list.isEmpty { items.append(DetailItem(label, nil)); return }
            for (i, c) in list.enumerated() {
                let seen = c.lastSeen.map { "  last seen " + Format.date($0) } ?? ""
                items.append(DetailItem(i == 0 ? label : "", c.value + seen))
            }
        }
        contacts("Mobile Number(s)", v.mobiles)
        contacts("Telephone Number(s)", v.telephones)
        contacts("Email Address(es)", v.emails)
        items += [
            DetailItem("First Known Date", v.firstKnown.map(Format.date)),
            DetailItem("Last Known Date", v.lastKnown.map(Format.date)),
            DetailItem("Most Likely Property", v.mostLikelyPropertyScore10.map { score in
                "\(score) of 10" + (v.mostLikelyPropertyScore.map { ", ranking value \(Format.score($0))" } ?? "")
            }, target: home),
        ]
        let sources = Set(v.records.map(\.source)).count
        items.append(DetailItem("Linked Records", "\(v.records.count) from \(sources) \(sources == 1 ? "source" : "sources")"))
        if !v.flags.isEmpty {
            items.append(DetailItem("Service Flags", v.flags.map(\.code).joined(separator: ", "), style: Style(.statusWarn)))
        }
        // Admins see who has looked at the record.
        if let log = v.accessLog {
            for (i, e) in log.prefix(8).enumerated() {
                let when = Format.date(String(e.at.prefix(10))) + " " + String(e.at.dropFirst(11).prefix(5))
                items.append(DetailItem(i == 0 ? "Looked at by" : "", "\(e.user) (\(e.role ?? "no role")) \(when)" + (e.purpose.map { " — \($0)" } ?? "")))
            }
        }
        return items
    }

    /// "surname exact +3.1, date of birth exact +6.2": the fields that decided the link, strongest first.
    static func why(_ explanation: [LinkContribution]) -> String {
        explanation.sorted { abs($0.weight) > abs($1.weight) }
            .map { "\($0.field) \($0.level) \(Format.weight($0.weight))" }.joined(separator: ", ")
    }

    static func confidenceStyle(_ c: Double?) -> Style? {
        guard let c else { return nil }
        return Style(c >= 0.95 ? .ragGreen : c >= 0.8 ? .ragAmber : .ragRed)
    }

    /// Runs `body` on the table of the current tab.
    @discardableResult
    mutating func withPanel<R>(_ body: (inout TablePanel) -> R) -> R? {
        switch tab {
        case .overview: return nil
        case .addresses: return body(&addresses)
        case .flags: return body(&flags)
        case .records: return body(&records)
        case .household: return body(&household)
        }
    }

    var currentPanel: TablePanel? {
        switch tab {
        case .overview: return nil
        case .addresses: return addresses
        case .flags: return flags
        case .records: return records
        case .household: return household
        }
    }

    mutating func open() -> ScreenEffect {
        switch tab {
        case .overview:
            guard !overview.isEmpty else { return .none }
            if let t = overview[min(overviewState.selected, overview.count - 1)].target { return .push(t.screen()) }
            if let u = view?.currentUPRN { return .push(PropertyScreen(uprn: u)) }
            return .status("No property to open", .warning)
        case .records:
            guard let v = view, !v.records.isEmpty else { return .none }
            recordDetail = Self.detailDialog(v.records[min(records.state.selected, v.records.count - 1)])
            return .none
        default:
            guard let t = currentPanel?.selectedTarget else { return .none }
            return .push(t.screen())
        }
    }

    static func detailDialog(_ r: PersonView.LinkedRecord) -> Dialog {
        var lines = ["\(r.source) (\(r.system)), record \(r.key ?? "—"), line \(r.line)", "Name: \(r.name)"]
        if let d = r.dob { lines.append("Born: \(Format.date(d))") }
        if let a = r.address { lines.append("Address: \(a)") }
        if r.start != nil || r.end != nil { lines.append("Dates: \(Format.date(r.start)) to \(r.end.map(Format.date) ?? "now")") }
        lines.append("Match confidence: \(Format.confidence(r.confidence))")
        if r.explanation.isEmpty {
            lines.append("No explanation recorded.")
        } else {
            lines.append("Why it matched:")
            for c in r.explanation.sorted(by: { abs($0.weight) > abs($1.weight) }) {
                lines.append("  \(c.field): \(c.level) \(Format.weight(c.weight))")
            }
        }
        return Dialog(title: "Linked record", message: lines.joined(separator: "\n"), buttons: ["Close"])
    }

    mutating func copy() -> ScreenEffect {
        if tab == .overview {
            guard !overview.isEmpty else { return .none }
            let item = overview[min(overviewState.selected, overview.count - 1)]
            var label = item.label
            if label.isEmpty, let i = overview[...min(overviewState.selected, overview.count - 1)].lastIndex(where: { !$0.label.isEmpty }) {
                label = overview[i].label
            }
            let value = item.value.components(separatedBy: "  last seen").first ?? item.value
            return .copy(value, what: label)
        }
        guard let text = currentPanel?.selectedCopy else { return .none }
        return .copy(text, what: "the row")
    }

    mutating func mouse(_ m: MouseEvent) -> ScreenEffect {
        let l = layout(area)
        if case .press(.left) = m.action, l.tabs.contains(m.position) {
            if let i = tabs.index(atX: m.position.x, area: l.tabs), let t = Tab(rawValue: i) { tab = t }
            return .none
        }
        if tab == .overview {
            guard l.panel.contains(m.position) else { return .ignored }
            switch m.action {
            case .wheelUp: overviewState.scroll(by: -3, count: overview.count, visibleRows: l.panel.height)
            case .wheelDown: overviewState.scroll(by: 3, count: overview.count, visibleRows: l.panel.height)
            case .press(.left):
                let range = overviewState.visibleRange(count: overview.count, visibleRows: l.panel.height)
                let i = range.lowerBound + m.position.y - l.panel.y
                guard range.contains(i) else { return .none }
                if i == overviewState.selected { return open() }
                overviewState.select(i, count: overview.count, visibleRows: l.panel.height)
            default: break
            }
            return .none
        }
        guard let (used, target) = withPanel({ $0.mouse(m) }) else { return .ignored }
        if target != nil { return open() }
        return used ? .none : .ignored
    }

    // MARK: Layout and render

    var tabs: Tabs {
        let v = view
        return Tabs(["Overview",
                     "Addresses (\(v?.addressHistory.count ?? 0))",
                     "Flags (\(v?.flags.count ?? 0))",
                     "Linked records (\(v?.records.count ?? 0))",
                     "Household (\((v?.household.count ?? 0) + (v?.relatedProperties.count ?? 0)))"], selected: tab.rawValue)
    }

    struct Layout {
        var heading: Rect
        var tabs: Rect
        var panel: Rect
        /// On wide screens the overview shows address history and flags beside the details.
        var side: Rect?
    }

    func layout(_ area: Rect) -> Layout {
        let r = area.splitVertically(.fixed(1), .fixed(1), .fill)
        var panel = r[2]
        var side: Rect?
        if tab == .overview && panel.width >= 120 {
            let cols = panel.split(.horizontal, [.fixed(66), .fill], spacing: 2)
            panel = cols[0]
            side = cols[1]
        }
        return Layout(heading: r[0], tabs: r[1], panel: panel, side: side)
    }

    var panelArea: Rect { layout(area).panel }

    mutating func layoutPanels() {
        let panel = area.splitVertically(.fixed(1), .fixed(1), .fill)[2]
        addresses.place(in: panel)
        flags.place(in: panel)
        records.place(in: panel)
        household.place(in: panel)
        overviewState.select(overviewState.selected, count: overview.count, visibleRows: layout(area).panel.height)
    }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        let l = layout(area)
        guard let v = view else {
            let text = error ?? "Opening person \(id)…"
            canvas.draw(" " + text, in: l.heading, style: Style(error == nil ? .dim : .statusError))
            return
        }
        let g = Glyphs(canvas.symbols)
        var spans = [Span(" " + v.name, style: Style(.emphasis))]
        if let dob = v.dob { spans.append(Span(g.dot + "born " + Format.born(dob, age: v.age))) }
        spans.append(Span(g.dot + "Virtual Id \(v.id)"))
        if let d = v.dateOfDeath { spans.append(Span("  DECEASED " + Format.date(d), style: Style(.statusWarn, attributes: .bold))) }
        canvas.draw(spans, at: l.heading.origin, maxWidth: l.heading.width)
        tabs.render(into: &canvas, area: l.tabs)
        switch tab {
        case .overview:
            DetailList(items: overview).render(into: &canvas, area: l.panel, state: overviewState)
            if let side = l.side { renderSide(v, into: &canvas, area: side) }
        default:
            currentPanel?.render(into: &canvas, area: l.panel, focused: true)
        }
        if let d = recordDetail { d.render(into: &canvas, area: area) }
    }

    /// Address history and flags beside the overview, when the window is wide (read-only here:
    /// their own tabs select and open).
    private func renderSide(_ v: PersonView, into canvas: inout Canvas, area: Rect) {
        let parts = area.split(.vertical, [.percent(60), .fill], spacing: 1)
        let dash = canvas.symbols.isASCII ? "-" : "–"
        let history = v.addressHistory.map { r in
            "\(r.rank). \(r.address)  \(Format.date(r.from)) \(dash) \(r.to.map(Format.date) ?? "now")  [\(r.sources.joined(separator: ", "))]"
        }
        let flagLines = v.flags.map { "\($0.code) \($0.description ?? "")  \(Format.date($0.date))  [\($0.source)]" }
        let sections = [("Address history, most likely first (key 2)", history, "No address known"),
                         ("Service flags (key 3)", flagLines, "No service flags")]
        for (k, (name, lines, empty)) in sections.enumerated() {
            let r = parts[k]
            guard !r.isEmpty else { continue }
            canvas.draw(name, in: r.row(0), style: Style(.header))
            if lines.isEmpty { canvas.draw(empty, in: r.row(1), style: Style(.dim)) }
            for (i, line) in lines.prefix(max(0, r.height - 1)).enumerated() {
                canvas.draw(line, in: r.row(i + 1), style: i == 0 && k == 0 ? Style(.emphasis) : .text)
            }
        }
    }
}
