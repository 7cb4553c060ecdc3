import Foundation
import TerminalKit
import WardenCore

/// The investigators' queues: every open case, "my cases", or one case type, with risk, value,
/// age, status, assignee, due date, subject and address. Sort by any column, filter by status or
/// unassigned, search as you type; mark several rows (Space) and claim (`c`) or assign (`a`) them
/// at once, with a result for each case. Rows come a keyset page at a time as the officer scrolls,
/// so a queue of 100,000 cases opens as fast as one of ten. `r` (and coming back to the screen)
/// reloads, so each investigator sees the others' claims; the access log records the queue's
/// view when it is opened (and when its sort, filter, search or queue changes), not each refresh.
public struct CasesScreen: DashboardScreen {
    /// Which queue is shown.
    public enum Queue: Sendable, Hashable {
        case all
        case mine
        case type(String)

        /// "all", "mine" (or "my"), or a case type (its id, a unique prefix, or words of its label).
        public init?(argument: String) {
            let a = argument.trimmingCharacters(in: .whitespaces).lowercased()
            switch a {
            case "", "all", "open": self = .all
            case "mine", "my", "my cases", "me": self = .mine
            default:
                guard let t = FraudCaseType.resolve(a) else { return nil }
                self = .type(t)
            }
        }
    }

    /// The queue tabs in order: all, mine, then one per case type.
    static let queues: [Queue] = [.all, .mine] + FraudCaseType.known.map { .type($0) }

    static func tabTitle(_ q: Queue) -> String {
        switch q {
        case .all: return "All open"
        case .mine: return "My cases"
        case .type(let t):
            switch t {
            case "single_person_discount": return "Single person"
            case "deceased_holder": return "Deceased"
            case "subletting": return "Subletting"
            case "undeclared_member": return "Undeclared"
            case "occupied_exemption": return "Occupied exempt"
            case "business_rates_relief": return "Rates relief"
            default: return FraudCaseType.label(t)
            }
        }
    }

    /// The status filter, cycled with `f`: open cases (any status), one open status, or closed ones.
    enum StatusFilter: Int, CaseIterable, Sendable {
        case open, new, triage, investigation, closed

        var label: String {
            switch self {
            case .open: return "open"
            case .new: return "new"
            case .triage: return "triage"
            case .investigation: return "investigation"
            case .closed: return "closed"
            }
        }
    }

    /// The columns, and the sort each one means.
    static let columnSorts: [FraudQueueQuery.Sort] = [.id, .risk, .value, .age, .status, .assignee, .due, .subject, .address]

    /// A page of rows arrived: `replace` for a first page (sort, filter, refresh), else appended.
    struct Page: Sendable {
        var page: FraudQueuePage
        var replace: Bool
        var generation: Int
        /// The view the access log recorded for this page (see ``loggedView``), if it wrote an entry.
        var logged: FraudQueueQuery? = nil
    }
    struct Settle: Sendable { var generation: Int }
    struct Done: Sendable { var results: FraudResults }

    /// Rows per keyset page.
    static let pageSize = 100

    var queue: Queue
    var statusFilter = StatusFilter.open
    var unassignedOnly = false
    var sort = FraudQueueQuery.Sort.risk
    /// Direction in the query's own terms (nil: the sort's natural one).
    var descending: Bool?
    var search = TextInput(placeholder: "name, address, case number or UPRN")
    var searching = false

    var rows: [FraudCaseRow] = []
    var total: Int?
    var next: FraudQueueCursor?
    var loadingMore = false
    var loaded = false
    var error: String?
    /// Bumped whenever the query changes: pages for an older query are dropped.
    var generation = 0
    /// The query (paging aside) whose first page the access log last recorded as viewed and
    /// this screen then showed. Loading it again is a refresh, which writes no entry; any other
    /// query (a sort, filter, search or another queue) is a new view and is logged.
    var loggedView: FraudQueueQuery?
    var state = TableState()
    /// Cases marked with Space, by number (kept across sorts and refreshes).
    var marked: [Int64] = []
    /// The assign prompt, while open.
    var assignPrompt: TextInput?
    /// Per-case results of the last claim or assign, while shown.
    var results: FraudResults?
    var refusal: String?
    /// Waiting for the officer to state a purpose before anything is listed.
    var purpose = PurposeGate()
    var area = Rect.zero

    /// A queue screen showing `queue`.
    public init(queue: Queue = .all) {
        self.queue = queue
    }

    public var title: String {
        switch queue {
        case .all: return "Cases"
        case .mine: return "My cases"
        case .type(let t): return "Cases: " + FraudCaseType.label(t)
        }
    }

    public var capturesText: Bool { searching || assignPrompt != nil }

    public var bindings: [KeyBinding] {
        if assignPrompt != nil {
            return [KeyBinding([.enter], "Enter", "Assign", command: "assign.ok"), KeyBinding([.escape], "Esc", "Cancel", command: "assign.cancel")]
        }
        if results != nil {
            return [KeyBinding([.enter, .escape], "Enter Esc", "Close the results", command: "results.close")]
        }
        if searching {
            return [
                KeyBinding([.enter, .down], "Enter ↓", "Search and go to the rows", command: "search.done"),
                KeyBinding([.escape], "Esc", "Clear the search", command: "search.cancel"),
            ]
        }
        var clear: [KeyBinding] = []
        if !search.text.isEmpty { clear.append(KeyBinding([.escape], "Esc", "Clear the search", command: "search.cancel")) }
        return clear + [
            KeyBinding([.enter], "Enter", "Open case", command: "open"),
            KeyBinding([.char(" ")], "Space", "Mark row", command: "mark"),
            KeyBinding([.char("c")], "c", "Claim", command: "claim"),
            KeyBinding([.char("a")], "a", "Assign", command: "assign"),
            KeyBinding([.char("/")], "/", "Search this queue", command: "global.search", hint: false),
            KeyBinding([.char("s")], "s", "Sort", command: "sort"),
            KeyBinding([.char("S")], "S", "Reverse the sort", command: "reverse", hint: false),
            KeyBinding([.char("f")], "f", "Filter by status (open, new, triage, investigation, closed)", command: "filter", hint: false),
            KeyBinding([.char("u")], "u", "Only unassigned cases (on/off)", command: "unassigned", hint: false),
            KeyBinding([.tab, .right], "Tab →", "Next queue", command: "nextQueue", hint: false),
            KeyBinding((1...9).map { KeyEvent.char(Character(String($0))) }, "1–9", "Go to that queue tab", command: "gotoQueue", hint: false),
            KeyBinding([.backTab, .left], "Shift-Tab ←", "Previous queue", command: "previousQueue", hint: false),
            KeyBinding([.char("r"), .function(5)], "r F5", "Refresh (see others' changes)", command: "refresh", hint: false),
            KeyBinding([.char("x")], "x", "Clear the marks", command: "unmarkAll", hint: false),
            KeyBinding([.char("$")], "$", "Savings panel", command: "savings", hint: false),
            KeyBinding.move,
        ]
    }

    public var statusMessage: String {
        if let refusal { return refusal.isEmpty ? "" : "Not allowed" }
        guard let total else { return loaded ? "" : "Loading…" }
        var s = "\(Format.count(min(state.selected + 1, rows.count))) of \(Format.count(total))"
        if !marked.isEmpty { s += ", \(marked.count) marked" }
        return s
    }

    // MARK: Queries

    func query(limit: Int = CasesScreen.pageSize, after: FraudQueueCursor? = nil, me: String) -> FraudQueueQuery {
        var q = FraudQueueQuery()
        switch queue {
        case .all: break
        case .mine: q.assignee = me
        case .type(let t): q.caseType = t
        }
        switch statusFilter {
        case .open: q.scope = .open
        case .closed: q.scope = .closed
        case .new: q.status = .new
        case .triage: q.status = .triage
        case .investigation: q.status = .investigation
        }
        q.unassigned = unassignedOnly
        let text = search.text.trimmingCharacters(in: .whitespaces)
        q.search = text.isEmpty ? nil : text
        q.sort = sort
        q.descending = descending
        q.limit = limit
        q.after = after
        return q
    }

    public mutating func start(_ context: ScreenContext) -> ScreenEffect {
        if let r = context.data.refusal(screen: "cases", what: "the counter-fraud case queues") {
            refusal = r
            return .none
        }
        // The queue shows names and addresses: ask the purpose of the piece of work first, as a
        // case and the person view do, so the access log records why the queue was listed.
        if let ask = purpose.ask(context, screen: "cases") { return ask }
        return reload(context)
    }

    /// Loads the first page again (after a change of query, a refresh or a change made here),
    /// as many rows as are loaded now so the officer's place is kept.
    mutating func reload(_ context: ScreenContext, keepRows: Bool = true) -> ScreenEffect {
        guard refusal == nil, !PurposeGate.needed(context) else { return .none }
        generation += 1
        loadingMore = false
        let q = query(limit: keepRows ? max(Self.pageSize, min(1000, rows.count)) : Self.pageSize, me: context.data.user)
        let gen = generation
        let today = context.today
        let view = Self.view(of: q)
        guard view != loggedView else {
            return .load(id: "queue", label: "Refreshing the queue") { data in
                Page(page: try data.refreshFraudQueue(q, today: today), replace: true, generation: gen)
            }
        }
        return .load(id: "queue", label: "Loading the queue") { data in
            Page(page: try data.fraudQueue(q, today: today), replace: true, generation: gen, logged: view)
        }
    }

    /// Loads the next keyset page when the selection nears the end of what is loaded.
    mutating func loadMoreIfNeeded(_ context: ScreenContext) -> ScreenEffect {
        guard let cursor = next, !loadingMore, state.selected >= rows.count - max(10, Table.visibleRows(in: tableArea)) else { return .none }
        loadingMore = true
        let q = query(after: cursor, me: context.data.user)
        let gen = generation
        let today = context.today
        return .load(id: "more", label: "Loading more cases") { data in
            Page(page: try data.fraudQueue(q, today: today), replace: false, generation: gen)
        }
    }

    // MARK: Events

    public mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect {
        if refusal != nil {
            if case .layout(let r) = event { area = r }
            return .ignored
        }
        switch event {
        case .layout(let r):
            area = r
            clampSelection()
            return .none
        case .appeared where purpose.awaiting:
            if let missing = purpose.answered(context, needed: "list cases") {
                loaded = true
                error = missing
                return .none
            }
            error = nil
            return reload(context)
        case .appeared:
            return reload(context)
        case .loaded(_, let payload):
            if let page = payload as? Page {
                guard page.generation == generation else { return .none }
                show(page)
                return loadMoreIfNeeded(context)
            }
            if let done = payload as? Done {
                results = done.results
                marked.removeAll { id in done.results.results.contains { $0.id == id && $0.ok } }
                let kind: StatusKind = done.results.results.allSatisfy(\.ok) ? .success : .warning
                return .status(done.results.title + ": " + done.results.summary, kind) + reload(context)
            }
            return .none
        case .failed(let id, let message):
            if id == "more" { loadingMore = false; return .none }
            if id == "queue" { error = message; loaded = true }
            return .none
        case .timer(let payload):
            guard let s = payload as? Settle, s.generation == generation else { return .none }
            return reload(context, keepRows: false)
        case .command(let name, let key):
            return command(name, key, context)
        case .key(let key):
            if var prompt = assignPrompt {
                guard prompt.handle(key) else { return .none }
                assignPrompt = prompt
                return .none
            }
            if results != nil { return .none }
            if searching {
                let before = search.text
                guard search.handle(key) else { return .ignored }
                return search.text == before ? .none : searchChanged()
            }
            return .ignored
        case .paste(let text):
            if var prompt = assignPrompt { prompt.insert(text); assignPrompt = prompt; return .none }
            searching = true
            search.insert(text)
            return searchChanged()
        case .mouse(let m):
            return mouse(m, context)
        }
    }

    mutating func command(_ command: String, _ key: KeyEvent, _ context: ScreenContext) -> ScreenEffect {
        switch command {
        case "assign.ok":
            guard let prompt = assignPrompt else { return .none }
            assignPrompt = nil
            return assign(to: prompt.text, context)
        case "assign.cancel":
            assignPrompt = nil
            return .status("Nothing assigned")
        case "results.close":
            results = nil
            return .none
        case "search.done":
            searching = false
            return reload(context, keepRows: false)
        case "search.cancel":
            searching = false
            guard !search.text.isEmpty else { return .none }
            search.setText("")
            return reload(context, keepRows: false)
        case "global.search":
            searching = true
            return .none
        case "open":
            guard let row = selectedRow else { return .none }
            return .push(CaseScreen(id: row.id))
        case "mark":
            guard let row = selectedRow else { return .none }
            if let i = marked.firstIndex(of: row.id) { marked.remove(at: i) } else { marked.append(row.id) }
            state.select(state.selected + 1, count: rows.count, visibleRows: Table.visibleRows(in: tableArea))
            return loadMoreIfNeeded(context)
        case "unmarkAll":
            marked = []
            return .none
        case "claim":
            let ids = targets
            guard !ids.isEmpty else { return .status("No case to claim", .warning) }
            return .load(id: "claim", label: "Claiming \(ids.count) case\(ids.count == 1 ? "" : "s")") { data in
                Done(results: FraudResults(title: "Claim", results: try data.claimCases(ids, screen: "dashboard:cases")))
            }
        case "assign":
            guard !targets.isEmpty else { return .status("No case to assign", .warning) }
            assignPrompt = TextInput(placeholder: "account name, e.g. j.okafor")
            return .none
        case "sort":
            let order: [FraudQueueQuery.Sort] = [.risk, .value, .age, .status, .assignee, .due, .subject, .address, .id]
            sort = order[((order.firstIndex(of: sort) ?? 0) + 1) % order.count]
            descending = nil
            toTop = true
            return reload(context, keepRows: false) + .status("Sorted by \(Self.sortName(sort))")
        case "reverse":
            descending = !(descending ?? Self.naturallyDescending(sort))
            toTop = true
            return reload(context, keepRows: false)
        case "filter":
            statusFilter = StatusFilter(rawValue: (statusFilter.rawValue + 1) % StatusFilter.allCases.count)!
            toTop = true
            return reload(context, keepRows: false) + .status("Showing \(statusFilter.label) cases")
        case "unassigned":
            unassignedOnly.toggle()
            toTop = true
            return reload(context, keepRows: false) + .status(unassignedOnly ? "Only unassigned cases" : "Assigned and unassigned cases")
        case "nextQueue", "previousQueue":
            let i = Self.queues.firstIndex(of: queue) ?? 0
            let n = Self.queues.count
            queue = Self.queues[(i + (command == "nextQueue" ? 1 : n - 1)) % n]
            state = TableState()
            return reload(context, keepRows: false)
        case "gotoQueue":
            guard case .char(let c) = key, let n = c.wholeNumberValue, n >= 1, n <= Self.queues.count else { return .none }
            queue = Self.queues[n - 1]
            state = TableState()
            return reload(context, keepRows: false)
        case "refresh":
            if let ask = purpose.ask(context, screen: "cases") { return ask }
            return reload(context) + .status("Refreshed")
        case "savings":
            return .push(SavingsScreen())
        case "move":
            _ = state.handle(key, count: rows.count, visibleRows: Table.visibleRows(in: tableArea))
            return loadMoreIfNeeded(context)
        default:
            return .ignored
        }
    }

    mutating func searchChanged() -> ScreenEffect {
        generation += 1
        return .after(.milliseconds(300), Settle(generation: generation))
    }

    mutating func assign(to user: String, _ context: ScreenContext) -> ScreenEffect {
        let ids = targets
        var seen: [Int64: Int] = [:]
        for r in rows where ids.contains(r.id) { seen[r.id] = r.version }
        let versions = seen
        let name = user.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return .status("Nothing assigned: no user name typed", .warning) }
        return .load(id: "assign", label: "Assigning \(ids.count) case\(ids.count == 1 ? "" : "s")") { data in
            Done(results: FraudResults(title: "Assign to \(name)", results: try data.assignCases(ids, to: name, versions: versions, screen: "dashboard:cases")))
        }
    }

    mutating func mouse(_ m: MouseEvent, _ context: ScreenContext) -> ScreenEffect {
        let l = layout(area)
        let table = Table(columns: columns, source: TableRowsSource(screen: self), emptyMessage: "")
        switch m.action {
        case .press(.left):
            if l.tabs.contains(m.position) {
                if let i = tabs.index(atX: m.position.x, area: l.tabs) {
                    queue = Self.queues[i]
                    state = TableState()
                    return reload(context, keepRows: false)
                }
                return .none
            }
            if m.position.y == l.table.y, let c = table.column(atX: m.position.x, area: l.table), c < Self.columnSorts.count {
                let s = Self.columnSorts[c]
                if s == sort { descending = !(descending ?? Self.naturallyDescending(sort)) } else { sort = s; descending = nil }
                return reload(context, keepRows: false)
            }
            guard let i = table.row(at: m.position, area: l.table, state: state) else { return .ignored }
            if i == state.selected, i < rows.count { return .push(CaseScreen(id: rows[i].id)) }
            state.select(i, count: rows.count, visibleRows: Table.visibleRows(in: l.table))
            return loadMoreIfNeeded(context)
        case .wheelUp, .wheelDown:
            state.scroll(by: m.action == .wheelUp ? -3 : 3, count: rows.count, visibleRows: Table.visibleRows(in: l.table))
            return loadMoreIfNeeded(context)
        default:
            return .ignored
        }
    }

    // MARK: State

    /// The marked cases, or the selected one when none is marked.
    var targets: [Int64] {
        if !marked.isEmpty { return marked }
        return selectedRow.map { [$0.id] } ?? []
    }

    var selectedRow: FraudCaseRow? { rows.isEmpty ? nil : rows[min(state.selected, rows.count - 1)] }

    /// What a query shows, whatever page of it: the access log's unit of a queue view.
    static func view(of q: FraudQueueQuery) -> FraudQueueQuery {
        var v = q
        v.limit = 0
        v.after = nil
        return v
    }

    /// Set by a new sort, order or filter: the next page shows from its top row.
    var toTop = false

    mutating func show(_ p: Page) {
        loaded = true
        error = nil
        if let logged = p.logged { loggedView = logged }
        if p.replace {
            let keep = selectedRow?.id
            rows = p.page.rows
            total = p.page.total
            if toTop {
                // a new order or filter starts at its first row: what the officer asked to see
                state = TableState()
                toTop = false
            } else if let keep, let i = rows.firstIndex(where: { $0.id == keep }) {
                state.selected = i
            }
        } else {
            loadingMore = false
            let known = Set(rows.map(\.id))
            rows += p.page.rows.filter { !known.contains($0.id) }
        }
        next = p.page.next
        clampSelection()
    }

    mutating func clampSelection() {
        state.select(state.selected, count: rows.count, visibleRows: Table.visibleRows(in: tableArea))
    }

    static func naturallyDescending(_ s: FraudQueueQuery.Sort) -> Bool { s == .risk || s == .value }

    static func sortName(_ s: FraudQueueQuery.Sort) -> String {
        switch s {
        case .risk: return "risk"
        case .value: return "value"
        case .age: return "age"
        case .due: return "due date"
        case .status: return "status"
        case .assignee: return "assignee"
        case .id: return "case number"
        case .subject: return "subject"
        case .address: return "address"
        }
    }

    // MARK: Layout and render

    /// The columns at 80 wide: the case number column grows with the largest number loaded.
    var columns: [TableColumn] {
        let digits = String(rows.map(\.id).max() ?? 0).count
        return [
            TableColumn("Case", width: .fixed(max(4, digits + 1)), alignment: .right),
            TableColumn("Risk", width: .fixed(6), alignment: .right),
            TableColumn("Value", width: .fixed(7), alignment: .right),
            TableColumn("Age", width: .fixed(5), alignment: .right),
            TableColumn("Status", width: .fixed(9)),
            TableColumn("Assignee", width: .flexible(min: 8, weight: 1)),
            TableColumn("Due", width: .fixed(9)),
            TableColumn("Subject", width: .flexible(min: 10, weight: 2)),
            TableColumn("Address", width: .flexible(min: 10, weight: 3)),
        ]
    }

    /// The table's rows over what is loaded, with one "loading" placeholder while more pages remain.
    struct TableRowsSource: TableDataSource {
        var screen: CasesScreen
        var rowCount: Int { screen.rows.count + (screen.next != nil ? 1 : 0) }
        func rows(in range: Range<Int>) -> [TableRow] {
            range.clamped(to: 0..<screen.rows.count).map { i in screen.tableRow(screen.rows[i]) }
        }
    }

    func tableRow(_ r: FraudCaseRow) -> TableRow {
        let mark = marked.contains(r.id)
        // dd/mm/yy, with "!" when overdue (a mark that reads without colour).
        let d = Format.date(r.dueDate)
        let due = (d.count == 10 ? String(d.prefix(6)) + String(d.suffix(2)) : d) + (r.overdue ? "!" : "")
        return TableRow([
            TableCell((mark ? "*" : "") + String(r.id)),
            TableCell(String(r.risk), style: r.risk >= 80 ? Style(.statusError) : r.risk >= 65 ? Style(.statusWarn) : nil),
            TableCell(Format.pounds(r.value)),
            TableCell(String(r.ageDays)),
            TableCell(Format.shortStatus(r.status)),
            TableCell(r.assignee ?? "—", style: r.assignee == nil ? Style(.dim) : nil),
            TableCell(due, style: r.overdue ? Style(.statusError) : nil),
            TableCell(r.subjectName ?? "—"),
            TableCell(r.address.map(Format.shortAddress) ?? "—"),
        ], style: mark ? Style(.emphasis) : nil)
    }

    var tabs: Tabs { Tabs(Self.queues.map(Self.tabTitle), selected: Self.queues.firstIndex(of: queue) ?? 0) }

    struct Layout {
        var tabs: Rect
        var bar: Rect
        var table: Rect
    }

    func layout(_ area: Rect) -> Layout {
        let r = area.splitVertically(.fixed(1), .fixed(1), .fill)
        return Layout(tabs: r[0], bar: r[1], table: r[2])
    }

    var tableArea: Rect { layout(area).table }

    public func render(into canvas: inout Canvas, area: Rect, context: ScreenContext) {
        canvas.fill(area)
        if let refusal {
            Paragraph(refusal, style: Style(.statusWarn)).render(into: &canvas, area: area.inset(left: 1, right: 1).inset(top: 1))
            return
        }
        let l = layout(area)
        tabs.render(into: &canvas, area: l.tabs)
        renderBar(into: &canvas, area: l.bar)
        if let error {
            Paragraph(error, style: Style(.statusError)).render(into: &canvas, area: l.table.inset(left: 1, right: 1))
            return
        }
        var state = self.state
        if let c = Self.columnSorts.firstIndex(of: sort) {
            let desc = descending ?? Self.naturallyDescending(sort)
            // Age is days since raised: sorting raised dates ascending lists the oldest first.
            state.sort = TableSort(column: c, ascending: sort == .age ? desc : !desc)
        }
        let empty: String
        if !loaded { empty = "Loading…" } else if search.text.isEmpty { empty = "No \(statusFilter == .open ? "" : statusFilter.label + " ")cases in this queue" + (unassignedOnly ? " that nobody has claimed" : "") }
        else { empty = "No cases match \u{2018}\(search.text)\u{2019}" }
        var table = Table(columns: columns, source: TableRowsSource(screen: self), isFocused: !searching, emptyMessage: empty)
        table.isFocused = !searching && assignPrompt == nil && results == nil
        table.render(into: &canvas, area: l.table, state: state)
        if let prompt = assignPrompt {
            let n = targets.count
            FraudBox(title: "Assign \(n) case\(n == 1 ? "" : "s")", lines: ["Cases " + targets.map(String.init).joined(separator: ", ") + " go to:"],
                     input: prompt, hint: "Enter: assign · Esc: cancel").render(into: &canvas, area: area)
        } else if let results {
            results.box.render(into: &canvas, area: area)
        }
    }

    func renderBar(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        let label = " Search "
        let w = canvas.draw(label, at: area.origin, style: Style(searching ? .emphasis : .dim), maxWidth: area.width)
        var filters = ["status: \(statusFilter.label)"]
        if unassignedOnly { filters.append("unassigned only") }
        let right = " " + filters.joined(separator: ", ") + " "
        let rw = min(DisplayWidth.of(right), max(0, area.width - w - 12))
        let fieldWidth = max(0, area.width - w - rw - 1)
        if searching || !search.text.isEmpty {
            search.render(into: &canvas, area: Rect(x: area.x + w, y: area.y, width: fieldWidth, height: 1), isFocused: searching)
        } else {
            canvas.draw("/ to search", in: Rect(x: area.x + w, y: area.y, width: fieldWidth, height: 1), style: Style(.dim))
        }
        canvas.draw(right, in: Rect(x: area.maxX - rw, y: area.y, width: rw, height: 1), style: Style(.label), alignment: .right)
    }
}
