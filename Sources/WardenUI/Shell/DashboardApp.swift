import Foundation
import TerminalKit
import WardenCore

/// The whole dashboard as one TerminalKit ``Model``: a stack of ``DashboardScreen``s under a top
/// bar (borough, officer, freshness) and a breadcrumb, with a status bar, global keys, the help
/// overlay, the command palette and the spinner for queries in flight.
///
/// The shell owns every effect. A screen's ``ScreenAction/load(id:label:work:)`` becomes an
/// ``Effect/run(id:_:)`` keyed by the screen instance and the load id, so a newer query replaces
/// an older one; results are also checked against a generation number, so a stale result can
/// never overwrite a newer one, and results for a screen that was closed are dropped.
public struct DashboardApp: Model {
    /// Results of effects, posted back to the shell.
    public enum Message: Sendable {
        /// A screen's load finished (or failed).
        case loaded(screen: Int, id: String, generation: Int, outcome: LoadOutcome)
        /// A screen's timer fired.
        case timer(screen: Int, payload: any Sendable)
        /// The warehouse overview for the top bar arrived.
        case overview(WarehouseOverview?)
        /// Advance the spinner.
        case spin
        /// A status message's time is up.
        case statusExpired(Int)
    }

    /// How a load ended.
    public enum LoadOutcome: Sendable {
        case success(any Sendable)
        case failure(String)
    }

    struct Entry: Sendable {
        var uid: Int
        var screen: any DashboardScreen
    }

    enum Overlay: Sendable {
        case help(HelpOverlay)
        case palette(CommandPalette)
    }

    struct StatusLine: Sendable {
        var text: String
        var kind: StatusKind
        var serial: Int
    }

    /// What screens read: data, today.
    public private(set) var context: ScreenContext
    /// Commands for the palette and tiles for home.
    public let registry: DashboardRegistry
    private(set) var stack: [Entry] = []
    private var nextUID = 1
    private(set) var overlay: Overlay?
    /// Loads in flight: key "uid/id" → generation and spinner label.
    private(set) var inFlight: [String: (generation: Int, label: String?)] = [:]
    private var generation = 0
    private(set) var spinnerFrame = 0
    private var spinnerRunning = false
    /// Whether the spinner shows: only once a load has run past the first tick (100 ms), so quick
    /// queries (most keystrokes) do not flicker it on and off.
    private(set) var spinnerShown = false
    private(set) var status: StatusLine?
    private var statusSerial = 0
    /// The status serial when the latest key or click arrived: a status older than it is stale
    /// once that input moves to another screen.
    private var statusSerialAtInput = 0
    private(set) var size = Size.zero
    private(set) var header: WarehouseOverview?
    private(set) var themeName: String
    private var mouseOn: Bool

    /// Below this the program shows "Terminal too small" (and keeps every screen's state).
    public var minimumSize: Size { Size(width: 40, height: 10) }

    /// A dashboard over `data`, opening on `first` (the home screen unless told otherwise).
    public init(data: DashboardData, today: CalendarDay, registry: DashboardRegistry = .standard,
                first: (any DashboardScreen)? = nil, themeName: String = "default", mouse: Bool = true) {
        self.context = ScreenContext(data: data, today: today)
        self.registry = registry
        self.themeName = themeName
        self.mouseOn = mouse
        stack = [Entry(uid: 0, screen: first ?? HomeScreen(tiles: registry.tiles))]
    }

    /// The screens from the bottom (home) to the top (current).
    public var screens: [any DashboardScreen] { stack.map(\.screen) }
    /// The screen on top.
    public var top: any DashboardScreen { stack[stack.count - 1].screen }

    // MARK: Layout

    struct Layout {
        var topBar: Rect
        var breadcrumb: Rect
        var content: Rect
        var statusBar: Rect
    }

    static func layout(_ size: Size) -> Layout {
        let r = Rect(size: size).splitVertically(.fixed(1), .fixed(1), .fill, .fixed(1))
        return Layout(topBar: r[0], breadcrumb: r[1], content: r[2], statusBar: r[3])
    }

    // MARK: Update

    public mutating func start() -> Effect<Message> {
        var effect: Effect<Message> = .run(id: "overview") { [data = context.data] in
            .overview(try? data.overview())
        }
        effect = effect + startScreen(at: stack.count - 1)
        return effect
    }

    public mutating func update(_ event: Event<Message>) -> Effect<Message> {
        switch event {
        case .resize(let s):
            size = s
            return deliver(.layout(Self.layout(s).content))
        case .key(let key):
            statusSerialAtInput = statusSerial
            return handleKey(key)
        case .mouse(let m):
            statusSerialAtInput = statusSerial
            return handleMouse(m)
        case .paste(let text):
            if case .palette(var p) = overlay {
                p.input.insert(text)
                p.refilter(registry.commands)
                overlay = .palette(p)
                return .none
            }
            return deliver(.paste(text))
        case .themeChanged(let load):
            themeName = load.theme.name
            if let problem = load.diagnostics.first {
                return setStatus("\(problem)", .error)
            }
            return setStatus("Theme: \(load.theme.name)", .info)
        case .message(let message):
            return handleMessage(message)
        }
    }

    private mutating func handleMessage(_ message: Message) -> Effect<Message> {
        switch message {
        case .overview(let o):
            header = o
            if let asOf = o?.asOf.flatMap(Format.day) { context.asOf = asOf }
            return .none
        case .loaded(let uid, let id, let gen, let outcome):
            let key = "\(uid)/\(id)"
            guard let current = inFlight[key], current.generation == gen else { return .none } // stale
            inFlight[key] = nil
            if !isBusy { spinnerShown = false }
            guard let index = stack.firstIndex(where: { $0.uid == uid }) else { return .none }
            switch outcome {
            case .success(let value): return deliver(.loaded(id, value), to: index)
            case .failure(let text):
                return deliver(.failed(id, text), to: index) + setStatus(text, .error)
            }
        case .timer(let uid, let payload):
            guard let index = stack.firstIndex(where: { $0.uid == uid }) else { return .none }
            return deliver(.timer(payload), to: index)
        case .spin:
            guard isBusy else { spinnerRunning = false; spinnerShown = false; return .none }
            if spinnerShown { spinnerFrame += 1 }
            spinnerShown = true
            return .after(.milliseconds(100), .spin)
        case .statusExpired(let serial):
            if status?.serial == serial { status = nil }
            return .none
        }
    }

    /// Whether a query with a spinner label is running.
    public var isBusy: Bool { inFlight.values.contains { $0.label != nil } }

    /// What the spinner says (the newest labelled load).
    var busyLabel: String? {
        inFlight.filter { $0.value.label != nil }.max { $0.value.generation < $1.value.generation }?.value.label
    }

    // MARK: Keys

    /// Keys that work on every screen, in the order help lists them.
    static let globalBindings: [KeyBinding] = [
        KeyBinding([.char("/")], "/", "Search people and properties", command: "global.search"),
        KeyBinding([.escape], "Esc", "Back to the previous screen", command: "global.back"),
        KeyBinding([.char("?"), .function(1)], "? F1", "Help: every key of this screen", command: "global.help"),
        KeyBinding([.char(":"), .ctrl("p")], ": Ctrl-P", "Command palette", command: "global.palette"),
        KeyBinding([.char("t"), .function(9)], "t F9", "Next colour theme", command: "global.theme", hint: false),
        KeyBinding([.char("q")], "q", "Quit", command: "global.quit"),
        KeyBinding([.ctrl("c")], "Ctrl-C", "Quit from anywhere", command: "global.interrupt", hint: false),
    ]

    private mutating func handleKey(_ key: KeyEvent) -> Effect<Message> {
        if let overlay { return handleOverlayKey(key, overlay) }
        let top = self.top
        let typing = top.capturesText
        func matches(_ b: KeyBinding) -> Bool { b.keys.contains(key) && !(typing && KeyBinding.isPrintable(key)) }
        // Global printable keys come before the screen's own (so `q` and `/` mean the same everywhere)...
        if let g = Self.globalBindings.first(where: { matches($0) && KeyBinding.isPrintable(key) }) {
            return global(g.command, key: key)
        }
        if let b = top.bindings.first(where: matches) {
            let r = offer(.command(b.command, key))
            if r.handled { return r.effect }
        }
        // ...and the global non-printable ones (Esc, F1, Ctrl-P) after, so a screen may use Esc itself.
        if let g = Self.globalBindings.first(where: matches) {
            return global(g.command, key: key)
        }
        return offer(.key(key)).effect
    }

    private mutating func global(_ command: String, key: KeyEvent) -> Effect<Message> {
        switch command {
        case "global.search":
            // A screen with its own search field (the search screen) takes `/` to focus it.
            let r = offer(.command(command, key))
            if r.handled { return r.effect }
            if let refusal = context.data.screenRefusal("search", what: "search for people and properties"), context.data.access.isUser {
                return setStatus(refusal, .error)
            }
            return push(SearchScreen())
        case "global.back":
            return goBack()
        case "global.help":
            overlay = .help(HelpOverlay(screenTitle: top.title, screenBindings: top.bindings, globalBindings: globalBindingsNotOverridden))
            return .none
        case "global.palette":
            overlay = .palette(CommandPalette(commands: registry.commands))
            return .none
        case "global.theme":
            return .nextTheme
        case "global.quit", "global.interrupt":
            return .quit
        default:
            return .none
        }
    }

    private mutating func goBack() -> Effect<Message> {
        guard stack.count > 1 else { return setStatus("This is the home screen: press q to quit", .info) }
        return pop(to: stack.count - 2)
    }

    private mutating func handleOverlayKey(_ key: KeyEvent, _ current: Overlay) -> Effect<Message> {
        switch current {
        case .help(var help):
            switch key {
            case .escape, .char("?"), .char("q"), .function(1), .enter:
                overlay = nil
            default:
                _ = help.handle(key, area: Self.layout(size).content)
                overlay = .help(help)
            }
            return .none
        case .palette(var palette):
            switch key {
            case .escape:
                overlay = nil
                return .none
            case .enter:
                overlay = nil
                guard let (command, argument) = palette.chosen() else {
                    return setStatus("No command matches \u{201C}\(palette.input.text)\u{201D}", .warning)
                }
                return runCommand(command, argument: argument)
            default:
                if palette.handle(key) { palette.refilter(registry.commands) }
                overlay = .palette(palette)
                return .none
            }
        }
    }

    /// Runs a palette command.
    mutating func runCommand(_ command: PaletteCommand, argument: String) -> Effect<Message> {
        switch command.run(argument, context) {
        case .push(let screen): return push(screen)
        case .home: return stack.count > 1 ? pop(to: 0) : .none
        case .back: return goBack()
        case .help:
            overlay = .help(HelpOverlay(screenTitle: top.title, screenBindings: top.bindings, globalBindings: globalBindingsNotOverridden))
            return .none
        case .theme(let name): return name.map { .setTheme($0) } ?? .nextTheme
        case .mouse(let on):
            mouseOn = on ?? !mouseOn
            return .setMouse(mouseOn) + setStatus("Mouse \(mouseOn ? "on" : "off")", .info)
        case .quit: return .quit
        case .error(let text): return setStatus(text, .warning)
        }
    }

    // MARK: Mouse

    private mutating func handleMouse(_ m: MouseEvent) -> Effect<Message> {
        if overlay != nil {
            if case .press(.left) = m.action { overlay = nil }
            return .none
        }
        let l = Self.layout(size)
        if l.breadcrumb.contains(m.position), case .press(.left) = m.action {
            let crumbs = Breadcrumb.layout(titles: stack.map(\.screen.title), width: l.breadcrumb.width, glyphs: Glyphs(.unicode))
            if let hit = crumbs.first(where: { m.position.x >= $0.x && m.position.x < $0.x + $0.width }),
               hit.index < stack.count - 1 {
                return pop(to: hit.index)
            }
            return .none
        }
        return offer(.mouse(m)).effect
    }

    // MARK: Navigation

    mutating func push(_ screen: any DashboardScreen) -> Effect<Message> {
        clearStaleStatus()
        stack.append(Entry(uid: nextUID, screen: screen))
        nextUID += 1
        return startScreen(at: stack.count - 1)
    }

    private mutating func startScreen(at index: Int) -> Effect<Message> {
        let area = Self.layout(size).content
        var s = stack[index].screen
        let first = s.handle(.layout(area), context)
        let started = s.start(context)
        stack[index].screen = s
        return perform(first + started, uid: stack[index].uid)
    }

    private mutating func pop(to index: Int) -> Effect<Message> {
        guard index >= 0, index < stack.count - 1 else { return .none }
        clearStaleStatus()
        var effect: Effect<Message> = .none
        for entry in stack[(index + 1)...] {
            for key in inFlight.keys where key.hasPrefix("\(entry.uid)/") {
                inFlight[key] = nil
                effect = effect + .cancel(id: key)
            }
        }
        stack.removeSubrange((index + 1)...)
        return effect + deliver(.layout(Self.layout(size).content)) + deliver(.appeared)
    }

    // MARK: Delivering to screens

    private mutating func deliver(_ event: ScreenEvent) -> Effect<Message> {
        deliver(event, to: stack.count - 1)
    }

    private mutating func offer(_ event: ScreenEvent) -> (effect: Effect<Message>, handled: Bool) {
        let index = stack.count - 1
        var s = stack[index].screen
        let result = s.handle(event, context)
        stack[index].screen = s
        return (perform(result, uid: stack[index].uid), result.handled)
    }

    private mutating func deliver(_ event: ScreenEvent, to index: Int) -> Effect<Message> {
        var s = stack[index].screen
        let result = s.handle(event, context)
        stack[index].screen = s
        return perform(result, uid: stack[index].uid)
    }

    /// Turns a screen's actions into TerminalKit effects.
    private mutating func perform(_ result: ScreenEffect, uid: Int) -> Effect<Message> {
        var effect: Effect<Message> = .none
        for action in result.actions {
            switch action {
            case .push(let screen):
                effect = effect + push(screen)
            case .pop:
                if let i = stack.firstIndex(where: { $0.uid == uid }), i > 0 { effect = effect + pop(to: i - 1) }
            case .load(let id, let label, let work):
                generation += 1
                let gen = generation
                let key = "\(uid)/\(id)"
                inFlight[key] = (gen, label)
                let data = context.data
                effect = effect + .run(id: key) {
                    do {
                        return .loaded(screen: uid, id: id, generation: gen, outcome: .success(try await work(data)))
                    } catch let failure as LoadFailure {
                        return .loaded(screen: uid, id: id, generation: gen, outcome: .failure(failure.message))
                    } catch {
                        return .loaded(screen: uid, id: id, generation: gen, outcome: .failure("\(error)"))
                    }
                }
                if label != nil && !spinnerRunning {
                    spinnerRunning = true
                    effect = effect + .after(.milliseconds(100), .spin)
                }
            case .after(let delay, let payload):
                effect = effect + .after(delay, .timer(screen: uid, payload: payload))
            case .copy(let text, let what):
                // What lands on the clipboard is pasted somewhere later: it gets no escape sequences either.
                effect = effect + .copyToClipboard(Sanitizer.sanitize(text)) + setStatus("Copied \(what)", .success)
            case .status(let text, let kind):
                effect = effect + setStatus(text, kind)
            case .quit:
                effect = effect + .quit
            }
        }
        return effect
    }

    /// A message said about the screen being left does not follow the officer to the next
    /// one; what the key that moved them said (a purpose chosen, a refusal) stays.
    private mutating func clearStaleStatus() {
        if let s = status, s.serial <= statusSerialAtInput { status = nil }
    }

    /// The global keys the top screen does not give a meaning of its own (its `/` searches its
    /// queue): help lists each key once.
    private var globalBindingsNotOverridden: [KeyBinding] {
        let taken = Set(top.bindings.flatMap(\.keys))
        return Self.globalBindings.filter { !$0.keys.contains(where: taken.contains) }
    }

    private mutating func setStatus(_ text: String, _ kind: StatusKind) -> Effect<Message> {
        statusSerial += 1
        status = StatusLine(text: text, kind: kind, serial: statusSerial)
        return .after(.seconds(5), .statusExpired(statusSerial))
    }

    // MARK: Render

    public func render(into canvas: inout Canvas) {
        let l = Self.layout(canvas.size)
        let glyphs = Glyphs(canvas.symbols)
        TopBar(overview: header, user: context.data.user, today: context.today, glyphs: glyphs).render(into: &canvas, area: l.topBar)
        Breadcrumb(titles: stack.map(\.screen.title), busy: isBusy && spinnerShown ? busyLabel : nil, spinnerFrame: spinnerFrame, glyphs: glyphs)
            .render(into: &canvas, area: l.breadcrumb)
        top.render(into: &canvas, area: l.content, context: context)
        renderStatusBar(into: &canvas, area: l.statusBar)
        switch overlay {
        case .help(let h): h.render(into: &canvas, area: l.content)
        case .palette(let p): p.render(into: &canvas, area: l.content)
        case nil: break
        }
    }

    private func renderStatusBar(into canvas: inout Canvas, area: Rect) {
        var hints: [KeyHint]
        switch overlay {
        case .help: hints = [KeyHint("↑↓", "Scroll"), KeyHint("Esc", "Close help")]
        case .palette: hints = [KeyHint("↑↓", "Choose"), KeyHint("Enter", "Run"), KeyHint("Esc", "Close")]
        case nil:
            let typing = top.capturesText
            // Help first, so it survives the narrowest bar (hints drop from the end).
            hints = [KeyHint(typing ? "F1" : "?", "Help")]
            hints += top.bindings.filter(\.hint).compactMap { b in
                guard let usable = b.keys.first(where: { !(typing && KeyBinding.isPrintable($0)) }) else { return nil }
                return KeyHint(typing ? usable.description : b.keyLabel, b.label)
            }
            if !typing { hints.append(KeyHint("q", "Quit")) }
        }
        let message = status?.text ?? top.statusMessage
        let style = status.map { Style($0.kind.role) } ?? Style(.statusBar)
        let g = Glyphs(canvas.symbols)
        hints = hints.map { KeyHint(g.ascii($0.key), g.ascii($0.label)) }
        StatusBar(hints: hints, message: g.ascii(message), messageStyle: style).render(into: &canvas, area: area)
    }
}
