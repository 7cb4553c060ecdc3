import TerminalKit
import WardenCore

/// Everything the warehouse knows about one property: its attributes, who lives there (Enter
/// opens the person), a timeline of events, the landlord and their other properties, the flats
/// in the building, and former occupants.
public struct PropertyScreen: DashboardScreen, TabbedTablePanels {
    struct Loaded: Sendable { var view: PropertyView? }

    /// The property's sections; `risk` shows only to roles that may see HMO risk scores.
    enum Tab: Int, CaseIterable, Sendable { case occupants, timeline, landlord, building, former, risk }

    public let uprn: Int64
    var view: PropertyView?
    var loading = true
    var error: String?
    var tab = Tab.occupants
    var occupants = TablePanel(columns: [
        TableColumn("Name", width: .flexible(min: 14, weight: 3)),
        TableColumn("Age", width: .fixed(3), alignment: .right),
        TableColumn("Since", width: .fixed(10)),
        TableColumn("Sources", width: .flexible(min: 10, weight: 2)),
        TableColumn("Virtual id", width: .fixed(10), alignment: .right),
    ], emptyMessage: "No one is known to live here now")
    var events = TablePanel(columns: [
        TableColumn("Date", width: .fixed(10)),
        TableColumn("Event", width: .flexible(min: 10, weight: 2)),
        TableColumn("Category", width: .flexible(min: 8, weight: 2)),
        TableColumn("Outcome", width: .flexible(min: 8, weight: 2)),
        TableColumn("Source", width: .flexible(min: 8, weight: 2)),
    ], emptyMessage: "No events recorded at this address")
    var landlord = TablePanel(columns: [
        TableColumn("", width: .flexible(min: 10, weight: 1)),
        TableColumn("Landlord or property", width: .flexible(min: 16, weight: 3)),
        TableColumn("Held as", width: .flexible(min: 10, weight: 2)),
    ], emptyMessage: "No landlord known (no licence or landlord record names this property)")
    var building = TablePanel(columns: [
        TableColumn("", width: .flexible(min: 8, weight: 1)),
        TableColumn("Address", width: .flexible(min: 16, weight: 4)),
        TableColumn("UPRN", width: .fixed(12)),
    ], emptyMessage: "Not part of a building with other addresses")
    var former = TablePanel(columns: [
        TableColumn("Name", width: .flexible(min: 14, weight: 3)),
        TableColumn("Age", width: .fixed(3), alignment: .right),
        TableColumn("From", width: .fixed(10)),
        TableColumn("Sources", width: .flexible(min: 10, weight: 2)),
        TableColumn("Virtual id", width: .fixed(10), alignment: .right),
    ], emptyMessage: "No former occupants known")
    var area = Rect.zero
    /// The HMO risk section (see PropertyScreen+Risk.swift).
    var riskSection = PropertyRiskSection()

    /// A screen for the property with this UPRN (loaded when shown).
    public init(uprn: Int64) {
        self.uprn = uprn
    }

    /// The same, opening on `section` (the ward panel opens properties on their risk).
    init(uprn: Int64, section: Tab) {
        self.uprn = uprn
        self.tab = section
    }

    /// The sections this officer sees, in order.
    var visibleTabs: [Tab] { riskSection.allowed ? Tab.allCases : Tab.allCases.filter { $0 != .risk } }

    public var title: String {
        guard let v = view else { return "UPRN \(Format.uprn(uprn))" }
        return Format.shortAddress(v.address)
    }

    public var bindings: [KeyBinding] {
        guard view != nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        var b = [
            KeyBinding([.tab, .right], "Tab →", "Next section", command: "nextTab"),
            KeyBinding([.backTab, .left], "Shift-Tab ←", "Previous section", command: "previousTab", hint: false),
            KeyBinding((1...visibleTabs.count).map { .char(Character(String($0))) }, "1-\(visibleTabs.count)", "Jump to a section", command: "jumpTab", hint: false),
            KeyBinding.move,
        ]
        switch tab {
        case .occupants, .former: b.append(KeyBinding([.enter], "Enter", "Open the person", command: "open"))
        case .landlord, .building: b.append(KeyBinding([.enter], "Enter", "Open", command: "open"))
        case .timeline, .risk: break
        }
        b.append(KeyBinding([.char("y")], "y", "Copy the row", command: "copy"))
        b.append(KeyBinding([.char("u")], "u", "Copy the UPRN", command: "copyUPRN", hint: false))
        return b
    }

    public var statusMessage: String {
        guard let v = view else { return loading ? "Opening…" : "" }
        return "\(Format.count(v.occupants.count)) living here, \(Format.plural(v.events.count, "event"))"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        let risk = riskSection.start(uprn: uprn, context)
        if !visibleTabs.contains(tab) { tab = .occupants }
        return load() + risk
    }

    mutating func load() -> ScreenEffect {
        loading = true
        let uprn = self.uprn
        return .load(id: "property", label: "Opening property \(Format.uprn(uprn))") { data in Loaded(view: try data.property(uprn)) }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        switch event {
        case .layout(let r):
            area = r
            layoutPanels()
            return .none
        case .loaded("property", let payload):
            guard let loaded = payload as? Loaded else { return .none }
            loading = false
            if let v = loaded.view { show(v) } else { error = "No property with UPRN \(Format.uprn(uprn)) in the gazetteer: find it with / and the address." }
            return .none
        case .failed("property", let message):
            loading = false
            error = message
            return .none
        case .loaded("risk", _), .failed("risk", _):
            riskSection.handle(event)
            layoutPanels()
            return .none
        case .command("reload", _):
            error = nil
            return load()
        case .command("nextTab", _):
            let tabs = visibleTabs, i = tabs.firstIndex(of: tab) ?? 0
            tab = tabs[(i + 1) % tabs.count]
            return .none
        case .command("previousTab", _):
            let tabs = visibleTabs, i = tabs.firstIndex(of: tab) ?? 0
            tab = tabs[(i + tabs.count - 1) % tabs.count]
            return .none
        case .command("jumpTab", .char(let c)):
            if let n = Int(String(c)), visibleTabs.indices.contains(n - 1) { tab = visibleTabs[n - 1] }
            return .none
        case .command("move", let key):
            withPanel { _ = $0.move(key) }
            return .none
        case .command("open", _):
            guard let t = withPanel({ $0.selectedTarget }) ?? nil else { return .none }
            return .push(t.screen())
        case .command("copy", _):
            guard let text = withPanel({ $0.selectedCopy }) ?? nil else { return .none }
            return .copy(text, what: "the row")
        case .command("copyUPRN", _):
            return .copy(Format.uprn(uprn), what: "the UPRN")
        case .mouse(let m):
            let l = layout(area)
            if case .press(.left) = m.action, l.tabs.contains(m.position) {
                if let i = tabs.index(atX: m.position.x, area: l.tabs), visibleTabs.indices.contains(i) { tab = visibleTabs[i] }
                return .none
            }
            let (used, target) = withPanel { $0.mouse(m) }
            if let target { return .push(target.screen()) }
            return used ? .none : .ignored
        default:
            return .ignored
        }
    }

    // MARK: Behaviour

    mutating func show(_ v: PropertyView) {
        view = v
        error = nil
        func people(_ list: [PropertyView.Occupant]) -> [TableRow] {
            list.map { o in TableRow([o.name, o.age.map(String.init) ?? "", Format.date(o.from), o.sources.joined(separator: ", "), String(o.id)]) }
        }
        occupants.setRows(people(v.occupants), targets: v.occupants.map { .person($0.id) },
                          copies: v.occupants.map { "\($0.name), virtual id \($0.id)" })
        former.setRows(people(v.formerOccupants), targets: v.formerOccupants.map { .person($0.id) },
                       copies: v.formerOccupants.map { "\($0.name), virtual id \($0.id)" })
        events.setRows(v.events.map { e in
            TableRow([TableCell(Format.date(e.date)), TableCell(e.label, style: Style(Self.eventRole(e.type))),
                      TableCell(e.category ?? ""), TableCell(e.outcome ?? ""), TableCell(e.source)])
        }, targets: v.events.map { _ in nil }, copies: v.events.map { e in
            [Format.date(e.date), e.label, e.category, e.outcome, e.source].compactMap { $0 }.joined(separator: ", ")
        })
        var rows: [TableRow] = [], targets: [Destination?] = [], copies: [String] = []
        for l in v.landlords {
            rows.append(TableRow([TableCell("Landlord"), TableCell(l.name), TableCell(l.id.map { "virtual id \($0)" } ?? "not linked to a person")]))
            targets.append(l.id.map { .person($0) })
            copies.append(l.name + (l.id.map { ", virtual id \($0)" } ?? ""))
            for o in l.otherProperties {
                rows.append(TableRow([TableCell("  also"), TableCell(o.address), TableCell(o.relation)]))
                targets.append(.property(o.uprn))
                copies.append("\(o.address), UPRN \(Format.uprn(o.uprn))")
            }
        }
        landlord.setRows(rows, targets: targets, copies: copies)
        rows = []; targets = []; copies = []
        if let parent = v.parentUPRN {
            rows.append(TableRow([TableCell("Building"), TableCell("The building this address is part of"), TableCell(Format.uprn(parent))]))
            targets.append(.property(parent))
            copies.append("UPRN \(Format.uprn(parent))")
        }
        for f in v.flats {
            rows.append(TableRow([TableCell("Within"), TableCell(f.address), TableCell(Format.uprn(f.uprn))]))
            targets.append(.property(f.uprn))
            copies.append("\(f.address), UPRN \(Format.uprn(f.uprn))")
        }
        building.setRows(rows, targets: targets, copies: copies)
        layoutPanels()
    }

    /// Event kinds that signal trouble read as warnings; the label says what they are either way.
    static func eventRole(_ type: String) -> Role {
        switch type {
        case "asb", "fpn", "ct_summons", "noise": return .statusWarn
        case "licence": return .statusOK
        default: return .statusInfo
        }
    }

    /// Short labels for the timeline axis.
    static func shortLabel(_ type: String) -> String {
        switch type {
        case "asb": return "ASB"
        case "fpn": return "FPN"
        case "pest_control": return "Pest"
        case "ct_summons": return "Summons"
        case "noise": return "Noise"
        case "inspection": return "Inspection"
        case "licence": return "Licence"
        default: return type
        }
    }

    @discardableResult
    mutating func withPanel<R>(_ body: (inout TablePanel) -> R) -> R {
        switch tab {
        case .occupants: return body(&occupants)
        case .timeline: return body(&events)
        case .landlord: return body(&landlord)
        case .building: return body(&building)
        case .former: return body(&former)
        case .risk: return body(&riskSection.panel)
        }
    }

    var currentPanel: TablePanel {
        switch tab {
        case .occupants: return occupants
        case .timeline: return events
        case .landlord: return landlord
        case .building: return building
        case .former: return former
        case .risk: return riskSection.panel
        }
    }

    // MARK: Layout and render

    var tabs: Tabs {
        let titles = ["Occupants (\(occupants.count))", "Timeline (\(events.count))", "Landlord (\(view?.landlords.count ?? 0))",
                      "Building (\(building.count))", "Former occupants (\(former.count))", riskSection.tabTitle]
        return Tabs(visibleTabs.map { titles[$0.rawValue] }, selected: visibleTabs.firstIndex(of: tab) ?? 0)
    }

    /// Attribute pairs, laid out in a grid above the tabs.
    var attributes: [(String, String)] {
        guard let v = view else { return [] }
        var pairs: [(String, String)] = [
            ("UPRN", Format.uprn(v.uprn)), ("Ward", v.ward ?? "—"), ("Tenure", v.tenure.map(Format.tenure) ?? "—"),
            ("Type", v.propertyType ?? "—"), ("Bedrooms", v.bedrooms.map(String.init) ?? "—"),
            ("Council tax", v.councilTaxBand.map { "band \($0)" } ?? "—"), ("Licence", v.licenceStatus),
            ("Postcode", v.postcode ?? "—"),
        ]
        if let p = v.parentUPRN { pairs.append(("Part of", "UPRN \(Format.uprn(p))")) }
        return pairs
    }

    func attributeColumns(width: Int) -> Int { width >= 200 ? 4 : width >= 100 ? 3 : 2 }

    struct Layout {
        var heading: Rect
        var attributes: Rect
        var tabs: Rect
        var timeline: Rect
        var panel: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let cols = attributeColumns(width: area.width)
        let attrRows = (attributes.count + cols - 1) / max(1, cols)
        let r = area.splitVertically(.fixed(1), .fixed(max(1, attrRows)), .fixed(1), .fill)
        var panel = r[3]
        var timeline = Rect(x: panel.x, y: panel.y, width: panel.width, height: 0)
        if tab == .timeline && panel.height >= 10 {
            let parts = panel.splitVertically(.fixed(panel.height >= 24 ? 8 : 5), .fill)
            timeline = parts[0]
            panel = parts[1]
        }
        return Layout(heading: r[0], attributes: r[1], tabs: r[2], timeline: timeline, panel: panel)
    }

    var panelRect: Rect { layout(area).panel }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        let l = layout(area)
        guard let v = view else {
            canvas.draw(" " + (error ?? "Opening property \(Format.uprn(uprn))…"), in: l.heading, style: Style(error == nil ? .dim : .statusError))
            return
        }
        canvas.draw(" " + v.address, in: l.heading, style: Style(.emphasis))
        let cols = attributeColumns(width: l.attributes.width)
        let cells = l.attributes.split(.horizontal, Array(repeating: .fill, count: cols), spacing: 2)
        let pairs = attributes
        let perColumn = (pairs.count + cols - 1) / cols
        let labelWidth = pairs.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (i, (k, value)) in pairs.enumerated() {
            let column = cells[i / perColumn]
            let y = column.y + i % perColumn
            let lw = min(labelWidth, column.width / 2)
            canvas.draw(" " + k, in: Rect(x: column.x, y: y, width: lw + 1, height: 1), style: Style(.label))
            let valueStyle = k == "Licence" && value != "none" ? Style(.emphasis) : Style.text
            canvas.draw(value, in: Rect(x: column.x + lw + 3, y: y, width: max(0, column.width - lw - 3), height: 1), style: valueStyle)
        }
        tabs.render(into: &canvas, area: l.tabs)
        if !l.timeline.isEmpty {
            let marks = v.events.compactMap { e -> Timeline.Event? in
                Format.day(e.date).map { Timeline.Event($0, Self.shortLabel(e.type), style: Style(Self.eventRole(e.type))) }
            }
            let today = context.asOf ?? context.today
            Timeline(marks, today: today).render(into: &canvas, area: l.timeline.inset(left: 1, right: 1))
        }
        currentPanel.render(into: &canvas, area: l.panel, focused: true)
    }
}
