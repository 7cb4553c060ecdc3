import Testing
@testable import TerminalKit

/// A small search screen: type a name, results arrive from a slow "query" effect, a spinner turns meanwhile.
struct SearchScreen: Model {
    enum Message: Sendable, Equatable { case results(query: String, names: [String]), tick }
    static let everyone = ["Zoë Ağaoğlu", "李小龍", "José García", "Ağa Khan", "Ann\u{1B}[2J\u{1B}]52;c;aGk=\u{7} Lee"]

    var size = Size.zero
    var input = TextInput(placeholder: "Name")
    var results: [String] = []
    var table = TableState()
    var searching = false
    var frame = 0
    var status = ""

    var minimumSize: Size { Size(width: 24, height: 6) }

    mutating func update(_ event: Event<Message>) -> Effect<Message> {
        switch event {
        case .resize(let s): size = s
        case .key(.enter):
            searching = true
            let q = input.text
            return .run(id: "search") {
                let names = SearchScreen.everyone.filter { $0.lowercased().contains(q.lowercased()) }
                return .results(query: q, names: names)
            } + .after(.milliseconds(100), .tick)
        case .key(.escape): return .quit
        case .key(.ctrl("y")):
            guard !results.isEmpty else { return .none }
            status = "Copied"
            return .copyToClipboard(results[min(table.selected, results.count - 1)])
        case .key(.down), .key(.up):
            if case .key(let k) = event { _ = table.handle(k, count: results.count, visibleRows: max(1, size.height - 3)) }
        case .key(let k): _ = input.handle(k)
        case .paste(let text): input.insert(text)
        case .message(.results(_, let names)):
            results = names
            searching = false
            table = TableState()
        case .message(.tick):
            guard searching else { return .none }
            frame += 1
            return .after(.milliseconds(100), .tick)
        case .themeChanged(let load): status = "Theme \(load.theme.name)"
        case .mouse: break
        }
        return .none
    }

    func render(into canvas: inout Canvas) {
        let rows = Rect(size: canvas.size).splitVertically(.fixed(1), .fill, .fixed(1))
        input.render(into: &canvas, area: rows[0])
        if searching {
            Spinner(frame: frame, label: "Searching").render(into: &canvas, area: rows[1])
        } else {
            Table(columns: [TableColumn("Name")], source: results.map { TableRow([$0]) }, emptyMessage: "Type a name and press Enter")
                .render(into: &canvas, area: rows[1], state: table)
        }
        StatusBar(hints: [KeyHint("Enter", "Search"), KeyHint("Esc", "Quit")], message: status).render(into: &canvas, area: rows[2])
    }
}

@Suite("Program loop (headless)")
struct ProgramTests {
    @Test("Typing, searching, and the results arriving from an effect")
    func search() async {
        let t = await ScreenTester(SearchScreen(), size: Size(width: 30, height: 6))
        expectScreen(t.screen.canvas, [
            "Name",
            "  Name",
            "  Type a name and press Enter",
            "",
            "",
            " Enter Search  Esc Quit",
        ])
        await t.type("ağa")
        await t.press(.enter)
        expectScreen(t.screen.canvas, [
            "ağa",
            "  Name",
            "▶ Zoë Ağaoğlu",
            "  Ağa Khan",
            "",
            " Enter Search  Esc Quit",
        ])
        #expect(t.screen.canvas.cursor == Point(x: 3, y: 0))
    }

    @Test("A name holding escape sequences renders harmlessly and copies as text")
    func hostileData() async {
        let t = await ScreenTester(SearchScreen(), size: Size(width: 30, height: 6))
        await t.type("lee")
        await t.press(.enter)
        #expect(t.lines[2] == "▶ Ann Lee                     ")
        await t.press(.ctrl("y"))
        #expect(t.clipboard.count == 1)
        #expect(t.lines[5].hasSuffix("Copied "))
    }

    @Test("Timers run on the tester's clock: the spinner turns only while a search runs")
    func timers() async {
        // A model whose query never finishes within the test, to watch the spinner.
        struct Slow: Model {
            enum Message: Sendable { case tick }
            var frame = 0
            mutating func start() -> Effect<Message> { .after(.milliseconds(80), .tick) }
            mutating func update(_ event: Event<Message>) -> Effect<Message> {
                if case .message(.tick) = event { frame += 1; return .after(.milliseconds(80), .tick) }
                return .none
            }
            func render(into canvas: inout Canvas) { Spinner(frame: frame, label: "Loading").render(into: &canvas, area: canvas.bounds) }
        }
        let t = await ScreenTester(Slow(), size: Size(width: 20, height: 6))
        #expect(t.lines[0].hasPrefix("⠋ Loading"))
        await t.advance(by: .milliseconds(250))
        #expect(t.model.frame == 3)
        #expect(t.lines[0].hasPrefix("⠸ Loading"))
        await t.advance(by: .milliseconds(10))
        #expect(t.model.frame == 3)
    }

    @Test("Below the minimum size the screen says the terminal is too small, and recovers")
    func tooSmall() async {
        let t = await ScreenTester(SearchScreen(), size: Size(width: 20, height: 5))
        expectScreen(t.screen.canvas, [
            "",
            " Terminal too small",
            "need 24×6, have 20×5",
            " enlarge the window",
            "",
        ])
        await t.resize(to: Size(width: 30, height: 6))
        #expect(t.lines[5].hasPrefix(" Enter Search"))
    }

    @Test("Pasted text goes into the field cleaned; Esc quits")
    func pasteAndQuit() async {
        let t = await ScreenTester(SearchScreen(), size: Size(width: 30, height: 6))
        await t.send(.paste("Zoë\nAğaoğlu\u{1B}[31m"))
        #expect(t.model.input.text == "Zoë Ağaoğlu")
        #expect(!t.didQuit)
        await t.press(.escape)
        #expect(t.didQuit)
    }

    @Test("Themes change by effect and the model hears about it")
    func themeEffect() async {
        struct Themed: Model {
            enum Message: Sendable {}
            var name = ""
            mutating func update(_ event: Event<Message>) -> Effect<Message> {
                switch event {
                case .key(.char("t")): return .nextTheme
                case .key(.char("m")): return .setTheme("monochrome")
                case .themeChanged(let load): name = load.theme.name
                default: break
                }
                return .none
            }
            func render(into canvas: inout Canvas) { canvas.draw(name, at: .zero, style: Style(.selection)) }
        }
        let t = await ScreenTester(Themed(), size: Size(width: 20, height: 6))
        await t.press(.char("t"))
        #expect(t.model.name == "light" && t.theme.name == "light")
        await t.press(.char("m"))
        #expect(t.screen.style(at: .zero).attributes.contains(.reverse))
        #expect(t.screen.style(at: .zero).background.isDefault)
    }

    @Test("Effects batch in order, and an empty effect does nothing")
    func effectsCompose() {
        let e: Effect<Int> = .copyToClipboard("a") + .batch([.setMouse(false), .none, .quit])
        #expect(e.actions.count == 3)
        #expect(Effect<Int>.none.isNone)
    }

    @Test("Exit statuses follow the shell convention")
    func exitStatus() {
        #expect(ProgramExit.quit.exitStatus == 0)
        #expect(ProgramExit.interrupted(signal: 15).exitStatus == 143)
    }
}

@Suite("Tiny and odd sizes")
struct TinySizeTests {
    /// Everything a screen might draw, at once, into whatever area it gets.
    func drawEverything(into c: inout Canvas) {
        let area = c.bounds
        let d = CalendarDay(year: 2024, month: 3, day: 1)!
        let parts = area.splitVertically(.fixed(1), .fixed(2), .fill, .fixed(1), .fixed(1))
        Tabs(["Search", "李小龍", "Pilots"], selected: 2).render(into: &c, area: parts[0])
        Table(columns: [TableColumn("Name"), TableColumn("N", width: .fixed(3), alignment: .right)],
              source: [TableRow(["李小龍", "1"]), TableRow(["Zoë Ağaoğlu", "22"])])
            .render(into: &c, area: parts[2], state: TableState(selected: 1))
        TextInput(text: "Ağaoğlu 李小龍").render(into: &c, area: parts[3])
        StatusBar(hints: [KeyHint("q", "Quit")], message: "Row 1 of 2").render(into: &c, area: parts[4])
        StackedBar([.init("High", 1, style: "risk.high"), .init("Low", 3, style: "risk.low")]).render(into: &c, area: parts[1])
        BarChart([.init("a", 1)]).render(into: &c, area: area)
        Sparkline([1, 2, 3]).render(into: &c, area: area)
        Gauge(ratio: 0.4).render(into: &c, area: area)
        Timeline([.init(d, "Go")], today: d).render(into: &c, area: area)
        GanttChart([.init("T", planned: d...d.adding(days: 9))], today: d).render(into: &c, area: area)
        KeyValuePanel([.init("Name", "李小龍")]).render(into: &c, area: area)
        ListView(items: ["a", "李"]).render(into: &c, area: area, state: ListState(selected: 1))
        Paragraph("A resident's story").render(into: &c, area: area)
        Dialog(title: "Quit?", message: "Leave now?", buttons: ["Yes", "No"]).render(into: &c, area: area)
        c.drawBox(area, title: "Box")
        TooSmallScreen.render(into: &c, needed: Size(width: 80, height: 24))
    }

    @Test("Every widget draws at 20×8, 1×1, 0×0 and other odd sizes without crashing or spilling")
    func oddSizes() {
        for (w, h) in [(20, 8), (1, 1), (0, 0), (2, 1), (1, 3), (3, 2), (0, 5), (7, 0), (120, 1)] {
            var c = Canvas(size: Size(width: w, height: h))
            drawEverything(into: &c)
            #expect(c.lines.count == h)
            #expect(c.lines.allSatisfy { DisplayWidth.of($0) == w }, "\(w)×\(h)")
        }
    }

    @Test("Golden: the too-small screen at 20×8")
    func tooSmall20x8() {
        let c = canvas(20, 8) { TooSmallScreen.render(into: &$0, needed: Size(width: 80, height: 24)) }
        expectScreen(c, [
            "",
            "",
            " Terminal too small",
            "  need 80×24, have",
            "        20×8",
            " enlarge the window",
            "",
            "",
        ])
    }
}

@Suite("Plain mode for screen readers")
struct PlainModeTests {
    @Test("ASCII symbols replace box drawing and block glyphs")
    func ascii() {
        let c = canvas(24, 4, symbols: .ascii) { c in
            let inner = c.drawBox(c.bounds, title: "Wards")
            Table(columns: [TableColumn("Name")], source: [TableRow(["Ann"]), TableRow(["Bob"])])
                .render(into: &c, area: inner, state: TableState(selected: 1))
        }
        // Two rows in a one-row body: the ASCII scrollbar thumb (#) shows at the right.
        expectScreen(c, ["+ Wards ---------------+", "|  Name                |", "|> Bob                #|", "+----------------------+"])
        #expect(c.lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test("With no cursor placed, the focus point is the selection, or the focused dialog button first")
    func focusPoint() {
        var c = canvas(20, 6) { c in
            ListView(items: ["a", "b", "c"]).render(into: &c, area: c.bounds, state: ListState(selected: 2))
        }
        #expect(c.focusPoint() == Point(x: 0, y: 2))
        Dialog(title: "Sure?", message: "Go", buttons: ["Yes", "No"]).render(into: &c, area: c.bounds)
        let button = c.focusPoint()!
        #expect(c[button.x, button.y].style.role == .buttonFocus)
        let frame = FrameBuilder.frame(SearchScreen(), size: Size(width: 30, height: 6), symbols: .ascii, cursorFollowsFocus: true)
        #expect(frame.cursor == Point(x: 0, y: 0)) // the empty text field placed it
    }
}

@Suite("Headless backend")
struct HeadlessBackendTests {
    @Test("A redraw of an unchanged screen sends nothing; one changed row sends only that row's cells")
    func minimalRedraw() {
        let backend = HeadlessBackend(size: Size(width: 30, height: 10))
        var state = TableState()
        let rows = (0..<50).map { TableRow(["Person \($0)"]) }
        func frame() -> Canvas {
            canvas(30, 10) { Table(columns: [TableColumn("Name")], source: rows).render(into: &$0, area: $0.bounds, state: state) }
        }
        backend.draw(frame())
        #expect(backend.lastChangeCount == 300)
        backend.draw(frame())
        #expect(backend.lastChangeCount == 0)
        state.select(1, count: 50, visibleRows: 9)
        backend.draw(frame())
        // Two rows change style (the old and new selection); the scrollbar does not move.
        #expect(backend.lastChangeCount == 58)
        #expect(backend.screen?.rows(withRole: .selection) == [2])
        backend.copyToClipboard("Person 1")
        #expect(backend.clipboard == ["Person 1"])
    }
}
