import Testing
@testable import TerminalKit

/// A data source that records every range it is asked for.
final class RecordingSource: TableDataSource {
    let rowCount: Int
    var requests: [Range<Int>] = []
    init(rowCount: Int) { self.rowCount = rowCount }
    func rows(in range: Range<Int>) -> [TableRow] {
        requests.append(range)
        return range.map { TableRow(["Person \($0)", String($0 % 97)]) }
    }
}

@Suite("Table")
struct TableTests {
    let people: [TableRow] = [
        TableRow(["李小龍", "42", "High"]),
        TableRow(["Zoë Ağaoğlu", "7", "Low"]),
        TableRow(["José", "1234", "Some"]),
    ]
    var columns: [TableColumn] {
        [TableColumn("Name", width: .flexible(min: 8)), TableColumn("Age", width: .fixed(4), alignment: .right),
         TableColumn("Risk", width: .fixed(4))]
    }

    @Test("Golden: header, marker on the selected row, right-aligned numbers, cut names")
    func golden() {
        let t = Table(columns: columns, source: people)
        let c = canvas(22, 5) { t.render(into: &$0, area: $0.bounds, state: TableState(selected: 1)) }
        expectScreen(c, [
            "  Name        Age Risk",
            "  李小龍       42 High",
            "▶ Zoë Ağaoğ…    7 Low ",
            "  José       1234 Some",
            "",
        ])
    }

    @Test("A wide name is cut before the ellipsis without splitting a character")
    func wideCut() {
        let t = Table(columns: [TableColumn("Name", width: .fixed(4)), TableColumn("N", width: .fixed(1))],
                      source: [TableRow(["李小龍", "1"])])
        let c = canvas(10, 2) { t.render(into: &$0, area: $0.bounds, state: TableState(selected: 0)) }
        // 4 columns: 李 (2) + 小 (2) would leave no room for "…", so 李 + "…" + a space.
        expectScreen(c, ["  Name N", "▶ 李…  1"])
    }

    @Test("A column holding 李小龍 and Zoë Ağaoğlu stays aligned")
    func wideAlignment() {
        let rows = [TableRow(["李小龍", "Northfield"]), TableRow(["Zoë Ağaoğlu", "Riverside"]), TableRow(["👩‍👩‍👧", "Hightown"])]
        let t = Table(columns: [TableColumn("Name", width: .fixed(12)), TableColumn("Ward", width: .flexible(min: 5))], source: rows)
        let c = canvas(30, 4) { t.render(into: &$0, area: $0.bounds, state: TableState(selected: 0)) }
        let columnsOfWard = c.lines.dropFirst().map { line in
            ["Northfield", "Riverside", "Hightown"].compactMap { column(of: $0, in: line) }.first
        }
        #expect(columnsOfWard == [15, 15, 15])
        #expect(column(of: "Ward", in: c.lines[0]) == 15)
    }

    @Test("Scrolled deep into 5,000,000 rows, only the visible rows are fetched")
    func virtualScrolling() {
        let source = RecordingSource(rowCount: 5_000_000)
        let table = Table(columns: [TableColumn("Name"), TableColumn("N", width: .fixed(3), alignment: .right)], source: source)
        let area = Rect(x: 0, y: 0, width: 30, height: 11)
        var state = TableState()
        state.select(4_321_000, count: source.rowCount, visibleRows: Table.visibleRows(in: area))
        let c = canvas(30, 11) { table.render(into: &$0, area: area, state: state) }
        #expect(source.requests == [4_320_991..<4_321_001])
        #expect(c.lines[10].hasPrefix("▶ Person 4321000"))
        #expect(c.lines[1].hasPrefix("  Person 4320991"))
    }

    @Test("Paging keeps the selection on screen and moves the view as little as possible")
    func paging() {
        var s = TableState()
        let count = 100
        let used = s.handle(.pageDown, count: count, visibleRows: 10)
        #expect(used)
        #expect(s.selected == 9 && s.offset == 0)
        _ = s.handle(.down, count: count, visibleRows: 10)
        #expect(s.selected == 10 && s.offset == 1)
        _ = s.handle(.end, count: count, visibleRows: 10)
        #expect(s.selected == 99 && s.offset == 90)
        _ = s.handle(.up, count: count, visibleRows: 10)
        #expect(s.offset == 90)
        s.scroll(by: -50, count: count, visibleRows: 10)
        #expect(s.offset == 40 && s.selected == 49)
        let ignored = s.handle(.char("x"), count: count, visibleRows: 10)
        #expect(!ignored)
    }

    @Test("The sorted column shows ▲ then ▼, kept even when the title is cut")
    func sortIndicator() {
        var state = TableState()
        state.toggleSort(column: 1)
        let t = Table(columns: columns, source: people)
        let up = canvas(22, 4) { t.render(into: &$0, area: $0.bounds, state: state) }
        #expect(up.lines[0] == "  Name       A… ▲ Risk")
        state.toggleSort(column: 1)
        #expect(state.sort == TableSort(column: 1, ascending: false))
        let wide = Table(columns: [TableColumn("Name", width: .flexible(min: 6)), TableColumn("Age", width: .fixed(6), alignment: .right)], source: people)
        let down = canvas(20, 4) { wide.render(into: &$0, area: $0.bounds, state: state) }
        #expect(down.lines[0] == "  Name         Age ▼")
        state.toggleSort(column: 0)
        #expect(state.sort == TableSort(column: 0, ascending: true))
    }

    @Test("Header clicks find the column and row clicks find the row")
    func hitTesting() {
        let t = Table(columns: columns, source: people)
        let area = Rect(x: 5, y: 3, width: 24, height: 5)
        #expect(t.column(atX: 7, area: area) == 0)
        #expect(t.column(atX: 5 + 2 + 12 + 1 + 1, area: area) == 1)
        #expect(t.row(at: Point(x: 8, y: 5), area: area, state: TableState()) == 1)
        #expect(t.row(at: Point(x: 8, y: 3), area: area, state: TableState()) == nil) // header
        #expect(t.row(at: Point(x: 8, y: 7), area: area, state: TableState()) == nil) // below the last row
    }

    @Test("Columns that do not fit are dropped from the right, and an empty table says so")
    func narrowAndEmpty() {
        let t = Table(columns: columns, source: people)
        let c = canvas(15, 4) { t.render(into: &$0, area: $0.bounds, state: TableState()) }
        #expect(c.lines[0] == "  Name      Age")   // Risk needs 5 more columns than there are
        let empty = Table(columns: columns, source: [TableRow](), emptyMessage: "No matches")
        let e = canvas(20, 3) { empty.render(into: &$0, area: $0.bounds, state: TableState()) }
        expectScreen(e, ["  Name      Age Risk", "  No matches", ""])
    }

    @Test("Rows the data source has not loaded yet show as placeholders")
    func placeholders() {
        struct Partial: TableDataSource {
            var rowCount: Int { 3 }
            func rows(in range: Range<Int>) -> [TableRow] { [TableRow(["ready"])] }
        }
        let t = Table(columns: [TableColumn("Name")], source: Partial())
        let c = canvas(12, 4) { t.render(into: &$0, area: $0.bounds, state: TableState()) }
        expectScreen(c, ["  Name", "▶ ready", "  …", "  …"])
    }

    @Test("A scrollbar appears when rows overflow and tracks the position")
    func scrollbar() {
        let source = RecordingSource(rowCount: 100)
        let t = Table(columns: [TableColumn("Name")], source: source)
        var state = TableState()
        state.select(99, count: 100, visibleRows: 4)
        let c = canvas(16, 5) { t.render(into: &$0, area: $0.bounds, state: state) }
        #expect(c.lines.dropFirst().map { String($0.last!) } == ["│", "│", "│", "█"])
    }
}
