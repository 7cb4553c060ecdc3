import Foundation
import TerminalKit
import WardenCore
import WardenLinkage

/// One ward's dwellings ranked by HMO risk, for the officers who go out: band, score, why, tenure,
/// licence and last inspection; filters; a map of the ward; Enter opens the property (on its
/// risk section); `e` exports the visit list as CSV and `o` records what an inspection found.
///
/// Rows are fetched a page at a time with the core's keyset paging, only as far as the officer
/// scrolls, so a ward of thousands of dwellings opens as fast as one of fifty.
public struct WardScreen: DashboardScreen {
    struct Resolved: Sendable { var name: String }
    struct PageLoaded: Sendable { var rows: [PropertyRiskRow]; var last: WardDrillDown; var generation: Int }
    struct MapLoaded: Sendable { var map: WardMap }
    struct Recorded: Sendable { var recorded: Inspections.Recorded }
    struct Exported: Sendable { var summary: VisitExport.Summary }

    enum Mode: Sendable { case list, map }

    /// The export dialog: where to write the CSV.
    struct ExportDialog: Sendable {
        var input: TextInput
        /// The file exists and Enter was pressed once: the next Enter replaces it.
        var confirmReplace = false
    }

    /// The inspection dialog: what the visit found at the selected property.
    struct InspectionDialog: Sendable {
        var uprn: Int64
        var address: String
        var selected = 0
        /// The visit date (empty: today); Tab moves between the outcomes and this field.
        var date = TextInput(placeholder: "today (dd/mm/yyyy for another day)")
        var editingDate = false
    }

    enum Modal: Sendable {
        case export(ExportDialog)
        case inspection(InspectionDialog)
    }

    /// What the officer typed (a ward's name or the start of one).
    public let query: String
    /// The ward's name once resolved.
    var ward: String?
    var header: WardRiskRow?
    var model: RiskModelSummary?
    var filter = WardFilter()
    /// The rows fetched so far (ranked), and how many match in all.
    var rows: [PropertyRiskRow] = []
    var matching = 0
    var nextCursor: Int?
    var firstPageLoaded = false
    var pageInFlight = false
    /// Bumped when the filter changes, so a page for the old filter is dropped.
    var generation = 0
    var message: String?
    var error: String?
    var state = TableState()
    var mode = Mode.list
    var map: WardMap?
    var mapIndex: [Int64: Int] = [:]
    var modal: Modal?
    var area = Rect.zero

    /// The ward called `name`, or the one ward whose name starts with it.
    public init(name: String) {
        query = name
    }

    public var title: String { ward ?? "Ward \u{2018}\(TextLayout.truncate(query, to: 20))\u{2019}" }

    public var capturesText: Bool {
        if case .export? = modal { return true }
        if case .inspection(let d)? = modal { return d.editingDate }
        return false
    }

    public var bindings: [KeyBinding] {
        switch modal {
        case .export?:
            return [
                KeyBinding([.enter], "Enter", "Write the file", command: "confirm"),
                KeyBinding([.escape], "Esc", "Cancel", command: "cancel"),
                KeyBinding([.ctrl("u")], "Ctrl-U", "Clear the file name", command: "clearPath", hint: false),
            ]
        case .inspection(let d)?:
            if d.editingDate {
                return [
                    KeyBinding([.enter], "Enter", "Record it", command: "confirm"),
                    KeyBinding([.escape], "Esc", "Cancel", command: "cancel"),
                    KeyBinding([.tab, .backTab], "Tab", "Back to the outcome", command: "switchField"),
                ]
            }
            return [
                KeyBinding([.enter], "Enter", "Record it", command: "confirm"),
                KeyBinding([.escape], "Esc", "Cancel", command: "cancel"),
                KeyBinding([.up, .down], "↑↓", "Choose the outcome", command: "choose"),
                KeyBinding((1...InspectionOutcome.allCases.count).map { .char(Character(String($0))) }, "1-4", "Choose by number", command: "chooseNumber", hint: false),
                KeyBinding([.tab, .backTab], "Tab", "Change the visit date", command: "switchField"),
            ]
        case nil:
            break
        }
        guard ward != nil, error == nil else { return [KeyBinding([.char("r"), .function(5)], "r F5", "Try again", command: "reload")] }
        return [
            KeyBinding([.enter], "Enter", "Open the property", command: "open"),
            KeyBinding([.char("m")], "m", mode == .list ? "Map" : "List", command: "toggleMap"),
            KeyBinding([.char("b")], "b", "Band filter", command: "filterBand"),
            KeyBinding([.char("T")], "T", "Tenure filter", command: "filterTenure", hint: false),
            KeyBinding([.char("l")], "l", "Licensed filter", command: "filterLicensed", hint: false),
            KeyBinding([.char("i")], "i", "Inspected filter", command: "filterInspected", hint: false),
            KeyBinding([.char("c")], "c", "Clear the filters", command: "clearFilters", hint: false),
            KeyBinding([.char("e")], "e", "Export visit list", command: "export"),
            KeyBinding([.char("o")], "o", "Record inspection", command: "inspect"),
            KeyBinding.move,
            KeyBinding([.char("y")], "y", "Copy the row", command: "copy", hint: false),
            KeyBinding([.char("u")], "u", "Copy the UPRN", command: "copyUPRN", hint: false),
            KeyBinding([.function(5)], "F5", "Reload", command: "reload", hint: false),
        ]
    }

    public var statusMessage: String {
        guard ward != nil, firstPageLoaded else { return "" }
        return matching == 0 ? "none match" : "\(Format.count(min(state.selected + 1, matching))) of \(Format.count(matching))"
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        if let refusal = context.data.riskRefusal(screen: "ward", what: "a ward's properties") ?? context.data.riskScoresRefusal {
            error = refusal
            return .none
        }
        return resolve()
    }

    mutating func resolve() -> ScreenEffect {
        let q = query
        return .load(id: "resolve", label: "Finding the ward") { data in Resolved(name: try data.resolveWard(q)) }
    }

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        if modal != nil, let effect = handleModal(event, context) { return effect }
        switch event {
        case .layout(let r):
            area = r
            clampSelection()
            return ensureRows()
        case .loaded("resolve", let payload):
            guard let r = payload as? Resolved else { return .none }
            ward = r.name
            return reloadRows() + loadMap()
        case .loaded("page", let payload):
            guard let p = payload as? PageLoaded, p.generation == generation else { return .none }
            pageInFlight = false
            if !firstPageLoaded { rows = [] }
            firstPageLoaded = true
            rows += p.rows
            header = p.last.ward
            model = p.last.model
            matching = p.last.matching
            nextCursor = p.last.nextCursor
            message = rows.isEmpty ? p.last.message : nil
            if nextCursor == nil { matching = rows.count }
            clampSelection()
            return ensureRows()
        case .loaded("map", let payload):
            guard let m = payload as? MapLoaded else { return .none }
            map = m.map
            mapIndex = Dictionary(m.map.points.enumerated().map { ($1.uprn, $0) }, uniquingKeysWith: { a, _ in a })
            return .none
        case .loaded("inspection", let payload):
            guard let r = payload as? Recorded else { return .none }
            return ScreenEffect([.status("\(r.recorded.outcome.label) recorded at \(Format.shortAddress(r.recorded.address)): "
                                         + (r.recorded.scored ? "off the visit list for \(VisitExport.revisitDays / 30) months; rescored at the next training" : "not a dwelling, so not scored"),
                                         .success)])
                + reloadRows(keepSelection: true) + loadMap()
        case .loaded("export", let payload):
            guard let e = payload as? Exported else { return .none }
            let s = e.summary
            let left = s.leftOutInspected > 0 ? " (\(Format.count(s.leftOutInspected)) inspected in the last \(VisitExport.revisitDays / 30) months left out)" : ""
            return .status("Wrote \(Format.count(s.rows)) propert\(s.rows == 1 ? "y" : "ies")\(left) to \(OutputFile.shown(s.file)), recorded in the access log", .success)
        case .failed("resolve", let m), .failed("page", let m):
            pageInFlight = false
            error = m
            return .none
        case .failed("map", _):
            return .none
        case .failed("inspection", let m), .failed("export", let m):
            return .status(m, .error)
        case .command("reload", _):
            if context.data.riskRefusal(screen: "ward", what: "a ward's properties") ?? context.data.riskScoresRefusal != nil { return .none }
            error = nil
            return ward == nil ? resolve() : reloadRows(keepSelection: true) + loadMap()
        case .command("open", _):
            guard let r = selectedRow else { return .none }
            return .push(PropertyScreen(uprn: r.uprn, section: .risk))
        case .command("toggleMap", _):
            mode = mode == .list ? .map : .list
            clampSelection()
            return ensureRows()
        case .command("filterBand", _):
            let cycle: [[RiskBand]] = [[], [.high], [.moderate], [.some], [.low], [.high, .moderate]]
            let i = cycle.firstIndex(of: filter.bands) ?? 0
            filter.bands = cycle[(i + 1) % cycle.count]
            return reloadRows() + loadMap()
        case .command("filterTenure", _):
            let cycle: [String?] = [nil] + WardFilter.tenures
            let i = cycle.firstIndex(of: filter.tenure) ?? 0
            filter.tenure = cycle[(i + 1) % cycle.count]
            return reloadRows() + loadMap()
        case .command("filterLicensed", _):
            filter.licensed = filter.licensed == nil ? false : filter.licensed == false ? true : nil
            return reloadRows() + loadMap()
        case .command("filterInspected", _):
            filter.inspected = filter.inspected == nil ? false : filter.inspected == false ? true : nil
            return reloadRows() + loadMap()
        case .command("clearFilters", _):
            guard filter != WardFilter() else { return .none }
            filter = WardFilter()
            return reloadRows() + loadMap()
        case .command("move", let key):
            _ = state.handle(key, count: matching, visibleRows: visibleRows)
            return ensureRows()
        case .command("copy", _):
            guard let r = selectedRow else { return .none }
            return .copy(Self.copyText(r), what: "the row")
        case .command("copyUPRN", _):
            guard let r = selectedRow else { return .none }
            return .copy(Format.uprn(r.uprn), what: "the UPRN")
        case .command("export", _):
            guard let ward else { return .none }
            guard context.data.mayExport else { return .status("Your role may not export lists under the access policy.", .warning) }
            var input = TextInput(placeholder: "file name or path")
            input.setText(DashboardData.visitFileName(ward: ward))
            modal = .export(ExportDialog(input: input))
            return .none
        case .command("inspect", _):
            guard let r = selectedRow else { return .status("Select a property first", .warning) }
            guard context.data.mayRecordInspections else { return .status("Your role may not record inspection outcomes under the access policy.", .warning) }
            modal = .inspection(InspectionDialog(uprn: r.uprn, address: r.address))
            return .none
        case .mouse(let m):
            return mouse(m)
        default:
            return .ignored
        }
    }

    /// Keys and results while a dialog is open; nil lets the event through (loads, layout).
    mutating func handleModal(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect? {
        guard let modal else { return nil }
        switch (modal, event) {
        case (_, .command("cancel", _)):
            self.modal = nil
            return ScreenEffect.none
        case (.export(var d), .command("confirm", _)):
            let path = d.input.text.trimmingCharacters(in: .whitespaces)
            guard !path.isEmpty, let ward else { return .status("Give a file name", .warning) }
            if FileManager.default.fileExists(atPath: path) && !d.confirmReplace {
                d.confirmReplace = true
                self.modal = .export(d)
                return ScreenEffect.none
            }
            self.modal = nil
            var visits = filter
            if visits.licensed == nil { visits.licensed = false }   // the visit list: what enforcement can act on
            let f = visits
            let today = context.today
            return .load(id: "export", label: "Writing the visit list") { data in
                Exported(summary: try data.exportVisits(ward: ward, filter: f, to: path, today: today))
            }
        case (.export(var d), .command("clearPath", _)):
            d.input.setText("")
            d.confirmReplace = false
            self.modal = .export(d)
            return ScreenEffect.none
        case (.export(var d), .key(let key)):
            guard d.input.handle(key) else { return ScreenEffect.none }
            d.confirmReplace = false
            self.modal = .export(d)
            return ScreenEffect.none
        case (.export(var d), .paste(let text)):
            d.input.insert(text)
            d.confirmReplace = false
            self.modal = .export(d)
            return ScreenEffect.none
        case (.inspection(var d), .command("choose", let key)):
            let n = InspectionOutcome.allCases.count
            d.selected = (d.selected + (key == .up ? n - 1 : 1)) % n
            self.modal = .inspection(d)
            return ScreenEffect.none
        case (.inspection(var d), .command("chooseNumber", .char(let c))):
            if let k = Int(String(c)), k >= 1, k <= InspectionOutcome.allCases.count { d.selected = k - 1 }
            self.modal = .inspection(d)
            return ScreenEffect.none
        case (.inspection(var d), .command("switchField", _)):
            d.editingDate.toggle()
            self.modal = .inspection(d)
            return ScreenEffect.none
        case (.inspection(var d), .key(let key)) where d.editingDate:
            guard d.date.handle(key) else { return ScreenEffect.none }
            self.modal = .inspection(d)
            return ScreenEffect.none
        case (.inspection(var d), .paste(let text)) where d.editingDate:
            d.date.insert(text)
            self.modal = .inspection(d)
            return ScreenEffect.none
        case (.inspection(var d), .command("confirm", _)):
            // the visit's day: today unless another is typed; never after today
            let today = CivilDate(context.today)
            guard let visited = Format.typedDay(d.date.text, today: context.today).map(CivilDate.init) else {
                d.editingDate = true
                self.modal = .inspection(d)
                return .status("\u{201C}\(d.date.text)\u{201D} is not a date: type dd/mm/yyyy, or leave it empty for today", .warning)
            }
            guard visited <= today else {
                d.editingDate = true
                self.modal = .inspection(d)
                return .status("A visit cannot be after today (\(Format.date(today.iso)))", .warning)
            }
            self.modal = nil
            let outcome = InspectionOutcome.allCases[d.selected], uprn = d.uprn, on = visited
            return .load(id: "inspection", label: "Recording the inspection") { data in
                Recorded(recorded: try data.recordInspection(uprn: uprn, outcome: outcome, visitedOn: on))
            }
        case (_, .key), (_, .command), (_, .mouse), (_, .paste):
            return ScreenEffect.none   // the dialog is modal: other keys do nothing
        default:
            return nil
        }
    }

    // MARK: Rows

    var selectedRow: PropertyRiskRow? { rows.indices.contains(state.selected) ? rows[state.selected] : nil }

    /// Starts again from the first page (after a filter change, a reload or a recorded inspection).
    mutating func reloadRows(keepSelection: Bool = false) -> ScreenEffect {
        guard ward != nil else { return .none }
        generation += 1
        firstPageLoaded = false
        pageInFlight = false
        nextCursor = nil
        if !keepSelection {
            rows = []
            matching = 0
            state = TableState()
        }
        return fetch(after: nil, upTo: max(pageSize, keepSelection ? state.selected + 1 : 0))
    }

    var pageSize: Int { max(20, visibleRows * 2) }

    /// Fetches the next pages if the rows on screen (and a little beyond) are not all here yet.
    mutating func ensureRows() -> ScreenEffect {
        guard ward != nil, firstPageLoaded, !pageInFlight, let cursor = nextCursor else { return .none }
        let range = state.visibleRange(count: matching, visibleRows: max(1, visibleRows))
        let needed = max(range.upperBound, state.selected + 1)
        guard needed + visibleRows / 2 > rows.count else { return .none }
        return fetch(after: cursor, upTo: needed - rows.count + pageSize / 2)
    }

    /// Loads pages from `after` until `count` more rows are here or the list ends.
    mutating func fetch(after: Int?, upTo count: Int) -> ScreenEffect {
        guard let ward else { return .none }
        pageInFlight = true
        let filter = self.filter, gen = generation, page = pageSize
        return .load(id: "page", label: after == nil ? "Reading \(ward)" : nil) { data in
            var rows: [PropertyRiskRow] = []
            var cursor = after
            var last = try data.wardPage(ward: ward, filter: filter, after: cursor, limit: min(1000, max(page, count)))
            rows += last.rows
            cursor = last.nextCursor
            while rows.count < count, let c = cursor {
                last = try data.wardPage(ward: ward, filter: filter, after: c, limit: min(1000, max(page, count - rows.count)))
                rows += last.rows
                cursor = last.nextCursor
            }
            return PageLoaded(rows: rows, last: last, generation: gen)
        }
    }

    mutating func loadMap() -> ScreenEffect {
        guard let ward else { return .none }
        let f = filter
        return .load(id: "map", label: nil) { data in MapLoaded(map: try data.wardMap(ward: ward, filter: f)) }
    }

    mutating func clampSelection() {
        state.select(state.selected, count: matching, visibleRows: max(1, visibleRows))
    }

    var visibleRows: Int { Table.visibleRows(in: layout(area).table) }

    mutating func mouse(_ m: MouseEvent) -> ScreenEffect {
        let l = layout(area)
        guard !l.table.isEmpty, l.table.contains(m.position) else { return .ignored }
        switch m.action {
        case .press(.left):
            guard let i = table.row(at: m.position, area: l.table, state: state) else { return .none }
            if i == state.selected, let r = selectedRow { return .push(PropertyScreen(uprn: r.uprn, section: .risk)) }
            state.select(i, count: matching, visibleRows: visibleRows)
            return ensureRows()
        case .wheelUp, .wheelDown:
            var step = 3
            if case .wheelUp = m.action { step = -3 }
            state.scroll(by: step, count: matching, visibleRows: visibleRows)
            return ensureRows()
        default:
            return .ignored
        }
    }

    static func copyText(_ r: PropertyRiskRow) -> String {
        var parts = ["\(r.address)", "UPRN \(Format.uprn(r.uprn))", "score \(r.score) (\(r.band.rawValue))"]
        if !r.topFactors.isEmpty { parts.append("why: " + r.topFactors.map(\.text).joined(separator: "; ")) }
        return parts.joined(separator: ", ")
    }

    // MARK: Layout

    static let columns: [TableColumn] = [
        TableColumn("#", width: .fixed(5), alignment: .right),
        TableColumn("Score", width: .fixed(5), alignment: .right),
        TableColumn("Band", width: .fixed(10)),
        TableColumn("Address", width: .flexible(min: 16, weight: 3)),
        TableColumn("Why", width: .flexible(min: 10, weight: 3)),
        TableColumn("Licence", width: .flexible(min: 7, weight: 1)),
        TableColumn("Inspected", width: .fixed(10)),
        TableColumn("Tenure", width: .flexible(min: 8, weight: 1)),
    ]

    struct Layout {
        var heading: Rect
        var filters: Rect
        var table: Rect
        var map: Rect
        var detail: Rect
    }

    /// The map beside the list when there is room, instead of it (`m`) when not.
    func layout(_ area: Rect) -> Layout {
        let detailRows = area.height >= 16 ? 2 : 0
        let r = area.splitVertically(.fixed(1), .fixed(1), .fill, .fixed(detailRows))
        let body = r[2]
        var table = body, map = Rect(x: body.maxX, y: body.y, width: 0, height: body.height)
        if area.width >= 150 {
            let parts = body.split(.horizontal, [.fill, .percent(36)], spacing: 1)
            table = parts[0]
            map = parts[1]
        } else if mode == .map {
            map = body
            table = Rect(x: body.x, y: body.y, width: body.width, height: 0)
        }
        return Layout(heading: r[0], filters: r[1], table: table, map: map, detail: r[3])
    }

    var table: Table {
        Table(columns: Self.columns, source: RowSource(count: matching, rows: []),
              emptyMessage: message ?? (firstPageLoaded ? "No property matches these filters" : "Reading…"))
    }

    /// The fetched rows; the table asks only for those on screen and shows the rest as loading.
    struct RowSource: TableDataSource {
        var count: Int
        var rows: [TableRow]
        var rowCount: Int { count }
        func rows(in range: Range<Int>) -> [TableRow] {
            let r = range.clamped(to: 0..<rows.count)
            return r.isEmpty ? [] : Array(rows[r])
        }
    }

    func tableRow(_ r: PropertyRiskRow, ascii: Bool) -> TableRow {
        let inspected = r.lastInspected.map { Format.date($0) } ?? "never"
        return TableRow([
            TableCell(String(r.wardRank)), TableCell(String(r.score)),
            TableCell(RiskLook.label(r.band, ascii: ascii), style: RiskLook.style(r.band)),
            TableCell(Format.shortAddress(r.address)),
            TableCell(r.topFactors.map(\.text).joined(separator: "; ")),
            TableCell(r.hmoLicensed ? "HMO licence" : r.licenceStatus),
            TableCell(inspected, style: r.lastInspected == nil ? Style(.dim) : nil),
            TableCell(RiskLook.tenure(r.tenure)),
        ])
    }

    /// "band any · tenure any · licence any · inspected any".
    var filterParts: [(key: String, label: String, active: Bool)] {
        let bands = filter.bands.isEmpty ? "any" : filter.bands.map(\.rawValue).joined(separator: "+")
        let licence = filter.licensed.map { $0 ? "HMO-licensed" : "unlicensed" } ?? "any"
        let inspected = filter.inspected.map { $0 ? "inspected" : "never inspected" } ?? "any"
        return [("b", "band " + bands, !filter.bands.isEmpty), ("T", "tenure " + (filter.tenure.map { RiskLook.tenure($0) } ?? "any"), filter.tenure != nil),
                ("l", "licence " + licence, filter.licensed != nil), ("i", "inspected " + inspected, filter.inspected != nil)]
    }

    // MARK: Render

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        let l = layout(area)
        let ascii = canvas.symbols.isASCII
        guard let ward, error == nil else {
            let text = error ?? "Finding the ward \u{2018}\(query)\u{2019}…"
            for (k, line) in TextLayout.wrap(RiskLook.text(text, canvas.symbols), width: max(1, area.width - 2)).prefix(area.height).enumerated() {
                canvas.draw(" " + line, in: Rect(x: area.x, y: area.y + k, width: area.width, height: 1), style: Style(error == nil ? .dim : .statusError))
            }
            return
        }
        // Heading: the ward and its bands.
        // The bands in words when they fit, as symbols and numbers when not (the Band column says which is which).
        func heading(compact: Bool) -> [Span] {
            var spans = [Span(" " + ward, style: Style(.emphasis))]
            guard let h = header else { return spans }
            spans.append(Span(" — \(Format.count(h.dwellings)) dwellings, \(Format.count(h.hmoLicensed)) HMO-licensed · unlicensed: "))
            for (b, n) in zip(RiskBand.allCases, [h.high, h.moderate, h.some, h.low]) {
                spans.append(Span(RiskLook.symbol(b, ascii: ascii) + (compact ? Format.count(n) : " \(Format.count(n)) \(b.rawValue)"), style: RiskLook.style(b)))
                spans.append(Span(b == .low ? "" : compact ? " " : "  "))
            }
            return spans
        }
        var spans = heading(compact: false)
        if spans.reduce(0, { $0 + DisplayWidth.of($1.text) }) > l.heading.width { spans = heading(compact: true) }
        canvas.draw(RiskLook.spans(spans, canvas.symbols), at: l.heading.origin, maxWidth: l.heading.width)
        // Filters, active ones emphasised (and marked with * for monochrome).
        var f: [Span] = [Span(" Filters: ", style: Style(.label))]
        for (i, p) in filterParts.enumerated() {
            f.append(Span(p.key + " ", style: Style(.statusBarKey)))
            f.append(Span(p.label + (p.active ? "*" : ""), style: p.active ? Style(.emphasis) : Style(.dim)))
            if i < filterParts.count - 1 { f.append(Span(" · ", style: Style(.dim))) }
        }
        if firstPageLoaded { f.append(Span("   \(Format.count(matching)) shown", style: Style(.dim))) }
        canvas.draw(RiskLook.spans(f, canvas.symbols), at: l.filters.origin, maxWidth: l.filters.width)

        if !l.table.isEmpty && l.table.width > 0 {
            var t = table
            t.source = RowSource(count: matching, rows: rows.map { tableRow($0, ascii: ascii) })
            t.render(into: &canvas, area: l.table, state: state)
        }
        if !l.map.isEmpty && l.map.width > 0 {
            WardMapView(map: map, ward: ward, selected: selectedRow?.uprn).render(into: &canvas, area: l.map)
        }
        renderDetail(into: &canvas, area: l.detail)
        switch modal {
        case .export(let d)?: renderExport(d, into: &canvas, area: area)
        case .inspection(let d)?: renderInspection(d, into: &canvas, area: area, today: context.today)
        case nil: break
        }
    }

    /// The selected property in full: address, UPRN, tenure, licence, last inspection, and why.
    func renderDetail(into canvas: inout Canvas, area: Rect) {
        guard area.height >= 2, let r = selectedRow else { return }
        let inspected = r.lastInspected.map { "last inspected \(Format.date($0)): \(r.lastOutcome ?? "?")" } ?? "never inspected"
        let licence = r.hmoLicensed ? "HMO licence" : "licence: \(r.licenceStatus)"
        canvas.draw(RiskLook.text(" \(r.address) · UPRN \(Format.uprn(r.uprn)) · \(RiskLook.tenure(r.tenure)) · \(licence) · \(inspected)", canvas.symbols),
                    in: area.row(0), style: Style(.emphasis))
        let why = r.topFactors.isEmpty ? "no factor raised it above the borough's typical home" : r.topFactors.map(\.text).joined(separator: "; ")
        canvas.draw(" Why \(r.score): " + why, in: area.row(1), style: .text)
    }

    func renderExport(_ d: ExportDialog, into canvas: inout Canvas, area: Rect) {
        let width = min(area.width - 2, 64), height = min(area.height, 9)
        guard width >= 20, height >= 5 else { return }
        let f = area.centered(Size(width: width, height: height))
        canvas.fill(f, style: Style(.dialog))
        let inner = canvas.drawBox(f, title: "Export the visit list", style: Style(.dialog), titleStyle: Style(.dialogTitle), border: .dialog)
        let x = inner.x + 1, w = inner.width - 2
        var y = inner.y
        let what = (filter.licensed == true ? "HMO-licensed dwellings" : "dwellings without a current HMO licence")
            + (filter == WardFilter() || filter == .unlicensed ? "" : " matching the filters")
        for line in TextLayout.wrap("\(ward ?? ""): \(what), highest risk first, as CSV.", width: w).prefix(2) {
            canvas.draw(line, at: Point(x: x, y: y), style: Style(.dialog), maxWidth: w); y += 1
        }
        let label = canvas.draw("File ", at: Point(x: x, y: y), style: Style(.dialog), maxWidth: w)
        d.input.render(into: &canvas, area: Rect(x: x + label, y: y, width: max(0, w - label), height: 1), isFocused: true)
        y += 1
        if d.confirmReplace {
            canvas.draw("A file is already there: Enter again to replace it.", at: Point(x: x, y: y), style: Style(.statusWarn), maxWidth: w)
        } else {
            canvas.draw("The export is recorded in the access log.", at: Point(x: x, y: y), style: Style(.dialog), maxWidth: w)
        }
        y += 1
        if y < inner.maxY { canvas.draw(RiskLook.text("Enter write · Esc cancel", canvas.symbols), at: Point(x: x, y: inner.maxY - 1), style: Style(.dialog), maxWidth: w) }
    }

    func renderInspection(_ d: InspectionDialog, into canvas: inout Canvas, area: Rect, today: CalendarDay) {
        let outcomes = InspectionOutcome.allCases
        let width = min(area.width - 2, 60), height = min(area.height, outcomes.count + 7)
        guard width >= 20, height >= 5 else { return }
        let f = area.centered(Size(width: width, height: height))
        canvas.fill(f, style: Style(.dialog))
        let inner = canvas.drawBox(f, title: "Record an inspection", style: Style(.dialog), titleStyle: Style(.dialogTitle), border: .dialog)
        let x = inner.x + 1, w = inner.width - 2
        canvas.draw("What did the visit to \(Format.shortAddress(d.address)) find?", at: Point(x: x, y: inner.y), style: Style(.dialog), maxWidth: w)
        for (i, o) in outcomes.enumerated() where inner.y + 1 + i < inner.maxY {
            let selected = i == d.selected
            let style = Style(selected ? .selection : .dialog)
            let row = Rect(x: x, y: inner.y + 1 + i, width: w, height: 1)
            if selected { canvas.fill(row, style: style) }
            canvas.draw((selected ? canvas.symbols.selectionMarker : " ") + " \(i + 1)  \(o.label)", in: row, style: style)
        }
        let dateRow = inner.y + 2 + outcomes.count
        if dateRow < inner.maxY - 1 {
            let label = canvas.draw("Visit date ", at: Point(x: x, y: dateRow), style: Style(d.editingDate ? .dialogTitle : .dialog), maxWidth: w)
            d.date.render(into: &canvas, area: Rect(x: x + label, y: dateRow, width: max(0, w - label), height: 1), isFocused: d.editingDate)
        }
        if inner.y + 1 + outcomes.count < inner.maxY {
            let hint = d.editingDate ? "Enter records · Tab back to the outcome · Esc cancels" : "Tab: visit date · Enter records · Esc cancels"
            canvas.draw(RiskLook.text(hint, canvas.symbols), at: Point(x: x, y: inner.maxY - 1), style: Style(.dialog), maxWidth: w)
        }
    }
}
