import Testing
@testable import TerminalKit

@Suite("Widget golden screens")
struct WidgetGoldenTests {
    @Test("List: marker and selection style on the chosen item, details right-aligned")
    func list() {
        let items: [ListItem] = [ListItem("Council tax", detail: "12"), ListItem("李小龍", detail: "3"), "Pest control"]
        let c = canvas(20, 4) { ListView(items: items).render(into: &$0, area: $0.bounds, state: ListState(selected: 1)) }
        expectScreen(c, [
            "  Council tax     12",
            "▶ 李小龍           3",
            "  Pest control",
            "",
        ])
        #expect(Screen(canvas: c).rows(withRole: .selection) == [1])
    }

    @Test("List: scrolls to the selection with a scrollbar; an empty list says so")
    func listScroll() {
        let items = (1...10).map { ListItem("Item \($0)") }
        let c = canvas(10, 3) { ListView(items: items).render(into: &$0, area: $0.bounds, state: ListState(selected: 9, offset: 0)) }
        expectScreen(c, ["  Item 8 │", "  Item 9 │", "▶ Item 10█"])
        let e = canvas(16, 2) { ListView(items: [], emptyMessage: "No sources").render(into: &$0, area: $0.bounds, state: ListState()) }
        expectScreen(e, ["  No sources", ""])
    }

    @Test("Tabs: the active tab is styled, and a narrow row keeps it in view")
    func tabs() {
        let tabs = Tabs(["Search", "Risk", "Fraud", "Pilots"], selected: 1)
        let c = canvas(34, 1) { tabs.render(into: &$0, area: $0.bounds) }
        expectScreen(c, [" Search │ Risk │ Fraud │ Pilots"])
        #expect(c[10, 0].style.role == .tabActive)
        #expect(tabs.index(atX: 11, area: c.bounds) == 1)
        #expect(tabs.index(atX: 25, area: c.bounds) == 3)
        let narrow = canvas(14, 1) { Tabs(["Search", "Risk", "Fraud", "Pilots"], selected: 3).render(into: &$0, area: $0.bounds) }
        expectScreen(narrow, ["… Pilots"]) // the active tab is never cut
    }

    @Test("Key-value panel: aligned labels, wrapped values")
    func keyValue() {
        let kv = KeyValuePanel([.init("Name", "Zoë Ağaoğlu"), .init("UPRN", "100023336956"), .init("Address", "Flat 3, 12 Long Street")])
        let c = canvas(24, 5) { kv.render(into: &$0, area: $0.bounds) }
        expectScreen(c, [
            "Name     Zoë Ağaoğlu",
            "UPRN     100023336956",
            "Address  Flat 3, 12 Long",
            "         Street",
            "",
        ])
        #expect(c[0, 0].style.role == .dim)
    }

    @Test("Status bar: hints on the left, message on the right; hints drop when space is short")
    func statusBar() {
        let bar = StatusBar(hints: [KeyHint("q", "Quit"), KeyHint("/", "Search"), KeyHint("?", "Help")], message: "Row 3 of 120")
        let wide = canvas(40, 1) { bar.render(into: &$0, area: $0.bounds) }
        expectScreen(wide, [" q Quit  / Search  ? Help  Row 3 of 120 "])
        #expect(wide[1, 0].style.role == .statusBarKey)
        #expect(wide[2, 0].style.role == .statusBar)
        let narrow = canvas(24, 1) { bar.render(into: &$0, area: $0.bounds) }
        expectScreen(narrow, [" q Quit    Row 3 of 120 "])
    }

    @Test("Dialog: centred, wrapped message, focused button marked without colour")
    func dialog() {
        let d = Dialog(title: "Export", message: "Export 1,204 rows to CSV? The export is audited.", buttons: ["Export", "Cancel"], focusedButton: 1)
        let c = canvas(36, 10) { c in
            c.fill(c.bounds, with: "x")
            d.render(into: &c, area: c.bounds)
        }
        expectScreen(c, [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "x┏ Export ━━━━━━━━━━━━━━━━━━━━━━━━┓x",
            "x┃                                ┃x",
            "x┃ Export 1,204 rows to CSV? The  ┃x",
            "x┃ export is audited.             ┃x",
            "x┃                                ┃x",
            "x┃     [ Export ]  < Cancel >     ┃x",
            "x┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛x",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ])
        #expect(c[20, 6].style.role == .buttonFocus)
        #expect(c[10, 6].style.role == .button)
        #expect(d.button(at: Point(x: 22, y: 6), area: c.bounds) == 1)
        var keys = d
        #expect(keys.handle(.left) == nil && keys.focusedButton == 0)
        #expect(keys.handle(.enter) == .chosen(0))
        #expect(keys.handle(.escape) == .cancelled)
        #expect(keys.handle(.char("c")) == .chosen(1))
    }

    @Test("Bar chart: bars in eighths scaled to the largest, labels and values")
    func barChart() {
        let chart = BarChart([.init("Northfield", 8), .init("Hightown", 3), .init("Eastgate", 0)])
        let c = canvas(24, 3) { chart.render(into: &$0, area: $0.bounds) }
        // 24 wide: labels take 8 (24/3), values 1, so bars are 24-8-1-1-1 = 13 columns.
        expectScreen(c, [
            "Northfi… █████████████ 8",
            "Hightown ████▉ 3",
            "Eastgate  0",
        ])
    }

    @Test("Stacked bar: widths add up, every non-zero band shows, patterns differ, legend below")
    func stackedBar() {
        let bar = StackedBar([.init("High", 2, style: "risk.high"), .init("Moderate", 30, style: "risk.moderate"),
                              .init("Some", 41, style: "risk.some"), .init("Low", 127, style: "risk.low")])
        #expect(bar.segmentWidths(total: 20) == [1, 3, 4, 12])
        #expect(bar.segmentWidths(total: 20).reduce(0, +) == 20)
        let c = canvas(20, 3) { bar.render(into: &$0, area: $0.bounds) }
        expectScreen(c, [
            "█▓▓▓▒▒▒▒░░░░░░░░░░░░",
            "█ High 2",        // legend items wrap whole rather than being cut
            "▓ Moderate 30",
        ])
        #expect(c[0, 0].style.role == Role("risk.high"))
        #expect(c[19, 0].style.role == Role("risk.low"))
        let mono = canvas(8, 1, symbols: .ascii) { bar.render(into: &$0, area: $0.bounds) }
        expectScreen(mono, ["#=+....."]) // 2:30:41:127 of 8 columns, each band at least one
    }

    @Test("Sparkline: newest value at the right, heights in eighths, taller areas stack")
    func sparkline() {
        let c = canvas(6, 1) { Sparkline([0, 1, 2, 4, 8]).render(into: &$0, area: $0.bounds) }
        expectScreen(c, ["  ▁▂▄█"])
        let tall = canvas(3, 2) { Sparkline([1, 2, 4]).render(into: &$0, area: $0.bounds) }
        expectScreen(tall, ["  █", "▄██"])
    }

    @Test("Sparkline: all zeros draw a baseline, not a blank; a missing value stays blank")
    func sparklineFlatAtZero() {
        let zeros = Sparkline([0, 0, 0, 0])
        expectScreen(canvas(6, 1) { zeros.render(into: &$0, area: $0.bounds) }, ["  ▁▁▁▁"])
        expectScreen(canvas(6, 1, symbols: .ascii) { zeros.render(into: &$0, area: $0.bounds) }, ["  ____"])
        // A taller area keeps the baseline on the bottom row.
        expectScreen(canvas(4, 2) { zeros.render(into: &$0, area: $0.bounds) }, ["", "▁▁▁▁"])
        // With a fixed scale (a rate out of 1) too.
        expectScreen(canvas(3, 1) { Sparkline([0, 0, 0], maxValue: 1).render(into: &$0, area: $0.bounds) }, ["▁▁▁"])
        // In a table cell.
        #expect(zeros.line(width: 4, symbols: .unicode) == "▁▁▁▁")
        #expect(zeros.line(width: 4, symbols: .ascii) == "____")
        // A missing load is a gap, whether the rest is flat or not, and does not blank the rest.
        #expect(Sparkline([.nan, 0, 0]).line(width: 3, symbols: .unicode) == " ▁▁")
        #expect(Sparkline([.nan, 1, 2]).line(width: 3, symbols: .unicode) == " ▄█")
        // No values at all: nothing drawn (there is no data).
        expectScreen(canvas(4, 1) { Sparkline([]).render(into: &$0, area: $0.bounds) }, [""])
        #expect(Sparkline([.nan, .nan]).line(width: 2, symbols: .unicode) == "  ")
        // A constant positive series is a level line at full height; zeros beside positive values stay blank.
        #expect(Sparkline([5, 5, 5]).line(width: 3, symbols: .unicode) == "███")
        #expect(Sparkline([0, 4, 8]).line(width: 3, symbols: .unicode) == " ▄█")
    }

    @Test("Sparkline: the zero baseline shows in every built-in theme, in colour, 8 colours, monochrome and ASCII")
    func sparklineBaselineInEveryTheme() {
        for symbols in [Symbols.unicode, .ascii] {
            let c = canvas(5, 1, symbols: symbols) { Sparkline([0, 0, 0]).render(into: &$0, area: $0.bounds) }
            for name in Theme.builtInNames {
                let theme = Theme.builtIn(name)!
                for mode: ColorMode in [.colors256, .colors8, .monochrome] {
                    let screen = Screen(canvas: c, theme: theme, mode: mode)
                    #expect(screen.lines == [symbols.isASCII ? "  ___" : "  ▁▁▁"], "\(name) in \(mode)")
                    for x in 2..<5 {
                        let s = screen.style(at: Point(x: x, y: 0))
                        #expect(screen.role(at: Point(x: x, y: 0)) == .sparkline)
                        #expect(s.foreground != s.background || s.foreground.isDefault, "\(name) in \(mode): baseline drawn in its own background colour")
                    }
                }
            }
        }
    }

    @Test("Gauge: filled and empty parts with the percentage")
    func gauge() {
        let c = canvas(16, 1) { Gauge(ratio: 0.5).render(into: &$0, area: $0.bounds) }
        expectScreen(c, ["██████░░░░░░ 50%"])
        let full = canvas(10, 1, symbols: .ascii) { Gauge(ratio: 1.7, label: "done").render(into: &$0, area: $0.bounds) }
        expectScreen(full, ["##### done"])
    }

    @Test("Timeline: events on a dated axis with non-colliding labels and today marked")
    func timeline() {
        let d = { (m: Int, day: Int) in CalendarDay(year: 2024, month: m, day: day)! }
        let t = Timeline([.init(d(1, 1), "Start"), .init(d(2, 1), "DSA"), .init(d(2, 10), "Extract"), .init(d(4, 30), "Live")],
                         today: d(3, 15))
        let c = canvas(32, 4) { t.render(into: &$0, area: $0.bounds) }
        // 120 days over 32 columns: Feb 1 at 8, Feb 10 at 10, Mar 1 at 15, Mar 15 at 19, Apr 1 at 23.
        expectScreen(c, [
            "          Extract  │",
            "Start   DSA        │        Live",
            "◆───────◆─◆────┬───│───┬───────◆",
            "2024    Feb    Mar     Apr",
        ])
        #expect(c[19, 2].style.role == .timelineToday)
        #expect(c[10, 2].style.role == .timelineEvent)
    }

    @Test("Gantt: planned and actual spans, late part in its own pattern, today line, legend")
    func gantt() {
        let d = { (m: Int, day: Int) in CalendarDay(year: 2024, month: m, day: day)! }
        let g = GanttChart([
            .init("Tax", planned: d(1, 1)...d(2, 29), actual: d(1, 1)...d(3, 31)),
            .init("Roll", planned: d(3, 1)...d(4, 30)),
        ], range: d(1, 1)...d(4, 30), today: d(3, 1))
        let c = canvas(30, 4) { g.render(into: &$0, area: $0.bounds) }
        // Track from column 5, 25 wide over 120 days: Feb at 11, Mar 1 (today) at 17, Apr at 23.
        expectScreen(c, [
            "     2024  Feb   ▼     Apr",
            "Tax  ████████████▓▓▓▓▓▓▓",
            "Roll             ░░░░░░░░░░░░░",
            "     ░ planned  █ actual",
        ])
        #expect(c[17, 1].style.role == .timelineLate)
        #expect(c[17, 0].style.role == .timelineToday)
        #expect(c[10, 1].style.role == .timelineActual)
    }

    @Test("Gantt in plain mode: a month label never runs into the today marker ('Novv')")
    func ganttTodayBesideAMonthLabel() {
        let d = { (m: Int, day: Int) in CalendarDay(year: 2026, month: m, day: day)! }
        func header(today: CalendarDay, _ symbols: Symbols) -> String {
            let g = GanttChart([.init("Tax", planned: d(10, 1)...d(12, 31))], range: d(10, 1)...d(12, 31), today: today)
            return canvas(60, 3, symbols: symbols) { g.render(into: &$0, area: $0.bounds) }.lines[0]
        }
        // Track from column 4, 56 wide over 91 days: Oct at 4, Nov at 22, Dec at 40.
        // Today 5 Nov is at 25, right after "Nov": the label moves a column left.
        #expect(header(today: d(11, 5), .ascii).hasPrefix("    Oct              Nov v              Dec"), "\(header(today: d(11, 5), .ascii))")
        #expect(header(today: d(11, 5), .unicode).hasPrefix("    Oct              Nov ▼              Dec"))
        // Today 3 Nov is at 23, inside "Nov": the label is left out rather than cut.
        #expect(header(today: d(11, 3), .ascii).hasPrefix("    Oct                v                Dec"), "\(header(today: d(11, 3), .ascii))")
        // Clear of the labels, every month is named where it starts.
        #expect(header(today: d(11, 14), .ascii).hasPrefix("    Oct               Nov"))
    }

    @Test("Spinner and paragraph")
    func spinnerAndParagraph() {
        let s = canvas(12, 1) { Spinner(frame: 11, label: "Loading").render(into: &$0, area: $0.bounds) }
        expectScreen(s, ["⠙ Loading"])
        let p = canvas(10, 3) { Paragraph("A resident's story is spread across systems.").render(into: &$0, area: $0.bounds) }
        expectScreen(p, ["A", "resident's", "story is"])
    }
}

@Suite("Calendar days")
struct CalendarDayTests {
    @Test("Dates round-trip through day numbers, including leap days")
    func roundTrip() {
        #expect(CalendarDay(year: 1970, month: 1, day: 1)!.ordinal == 0)
        #expect(CalendarDay(year: 2024, month: 2, day: 29)!.ordinal == 19_782)
        #expect(CalendarDay(ordinal: 19_782) == CalendarDay(year: 2024, month: 2, day: 29))
        #expect(CalendarDay(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 1969, month: 12, day: 31)!.ordinal == -1)
        #expect(CalendarDay(year: 2024, month: 12, day: 31)!.adding(days: 1).description == "2025-01-01")
    }
}
