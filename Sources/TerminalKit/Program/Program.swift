import Foundation

/// How a program should present itself; built by the app from its command line.
public struct ProgramOptions: Sendable {
    /// The theme to start with (load it with ``ThemeCatalog/load(_:)`` and report its diagnostics first).
    public var theme: Theme
    /// Where themes are found by name for ``Effect/setTheme(_:)`` and the cycling key; nil disables both.
    public var catalog: ThemeCatalog?
    /// A key that switches to the next theme (handled before the model sees it), or nil.
    public var themeCycleKey: KeyEvent?
    /// Report mouse clicks and the wheel.
    public var mouse: Bool
    /// Plain mode for screen readers: ASCII symbols, no colour, no mouse, and the terminal cursor
    /// kept on the focused item (selection or focused button) so a reader follows it.
    public var plain: Bool
    /// Force a colour mode (nil: detect from the terminal, honouring NO_COLOR).
    public var colorMode: ColorMode?
    /// Whether Ctrl-C ends the program (with ``ProgramExit/interrupted(signal:)``) before the model sees it.
    public var ctrlCQuits: Bool
    /// The environment (NO_COLOR, theme directories).
    public var environment: [String: String]

    /// Options; by default the default theme, mouse on, colours detected, Ctrl-C quits.
    public init(theme: Theme = .default, catalog: ThemeCatalog? = nil, themeCycleKey: KeyEvent? = nil,
                mouse: Bool = true, plain: Bool = false, colorMode: ColorMode? = nil, ctrlCQuits: Bool = true,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.theme = theme
        self.catalog = catalog
        self.themeCycleKey = themeCycleKey
        self.mouse = mouse
        self.plain = plain
        self.colorMode = colorMode
        self.ctrlCQuits = ctrlCQuits
        self.environment = environment
    }
}

/// Why a program ended.
public enum ProgramExit: Hashable, Sendable {
    /// The model returned ``Effect/quit``.
    case quit
    /// Ctrl-C, or a SIGINT/SIGTERM/SIGHUP; the terminal is restored. Exit with `128 + signal` by convention.
    case interrupted(signal: Int32)

    /// The conventional process exit status.
    public var exitStatus: Int32 {
        switch self {
        case .quit: return 0
        case .interrupted(let s): return 128 + s
        }
    }
}

/// Where effect results wait for the terminal thread; any thread may post.
final class Mailbox<Message: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(id: String?, generation: Int, message: Message)] = []
    private let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void) { self.wake = wake }

    func post(_ message: Message, id: String?, generation: Int) {
        lock.lock()
        items.append((id, generation, message))
        lock.unlock()
        wake()
    }

    func drain() -> [(id: String?, generation: Int, message: Message)] {
        lock.lock()
        defer { lock.unlock() }
        let out = items
        items.removeAll()
        return out
    }
}

/// Runs a ``Model`` in the real terminal: reads input, calls update, runs effects, draws frames.
///
/// Call ``run()`` from the thread that should own the terminal (normally the main thread); it
/// returns when the model quits or a signal asks the program to stop, with the terminal restored.
///
/// ```swift
/// let exit = try Program(MyApp(), options: ProgramOptions(theme: load.theme, catalog: catalog)).run()
/// Foundation.exit(exit.exitStatus)
/// ```
public final class Program<M: Model> {
    /// The model's state; after ``run()``, its final state.
    public private(set) var model: M
    /// The options the program runs with.
    public let options: ProgramOptions

    private var timers: [(due: ContinuousClock.Instant, sequence: Int, message: M.Message)] = []
    private var timerSequence = 0
    private var tasks: [String: (task: Task<Void, Never>, generation: Int)] = [:]
    private var generation = 0
    private var exit: ProgramExit?
    private var theme: Theme

    /// A program that will run `model` with `options` when ``run()`` is called.
    public init(_ model: M, options: ProgramOptions = ProgramOptions()) {
        self.model = model
        self.options = options
        self.theme = options.theme
    }

    /// Takes over the terminal until the program ends; throws if the terminal cannot be opened.
    @discardableResult
    public func run() throws -> ProgramExit {
        let mode: ColorMode? = options.plain ? .monochrome : options.colorMode
        let backend = try NcursesBackend(theme: theme, options: .init(
            mouse: options.mouse && !options.plain, colorMode: mode, environment: options.environment))
        defer {
            for (_, t) in tasks { t.task.cancel() }
            backend.close()
        }
        let mailbox = Mailbox<M.Message>(wake: NcursesBackend.wake)
        let symbols: Symbols = options.plain ? .ascii : .unicode
        var size = backend.size

        dispatch(.resize(size), backend: backend, mailbox: mailbox)
        perform(model.start(), backend: backend, mailbox: mailbox)
        backend.draw(FrameBuilder.frame(model, size: size, symbols: symbols, cursorFollowsFocus: options.plain))

        while exit == nil {
            let timeout = timers.map { $0.due }.min().map { max(.zero, $0 - ContinuousClock.now) }
            let events = backend.readEvents(timeout: timeout)
            if let signal = backend.pendingSignal {
                exit = .interrupted(signal: signal)
                break
            }
            var dirty = false
            for input in events {
                if case .resize(let s) = input {
                    size = s
                } else if case .key(let k) = input, k == .ctrl("c"), options.ctrlCQuits {
                    exit = .interrupted(signal: SIGINT)
                    break
                } else if case .key(let k) = input, let cycle = options.themeCycleKey, k == cycle, let catalog = options.catalog {
                    changeTheme(catalog.load(catalog.name(after: theme.name)), backend: backend, mailbox: mailbox)
                    dirty = true
                    continue
                }
                dispatch(Event(input), backend: backend, mailbox: mailbox)
                dirty = true
                if exit != nil { break }
            }
            let now = ContinuousClock.now
            let due = timers.filter { $0.due <= now }.sorted { ($0.due, $0.sequence) < ($1.due, $1.sequence) }
            timers.removeAll { $0.due <= now }
            for t in due where exit == nil {
                dispatch(.message(t.message), backend: backend, mailbox: mailbox)
                dirty = true
            }
            for item in mailbox.drain() where exit == nil {
                if let id = item.id {
                    guard let current = tasks[id], current.generation == item.generation else { continue }
                    tasks[id] = nil
                }
                dispatch(.message(item.message), backend: backend, mailbox: mailbox)
                dirty = true
            }
            if dirty && exit == nil {
                let current = backend.size
                if current != size { size = current }
                backend.draw(FrameBuilder.frame(model, size: size, symbols: symbols, cursorFollowsFocus: options.plain))
            }
        }
        return exit ?? .quit
    }

    private func dispatch(_ event: Event<M.Message>, backend: NcursesBackend, mailbox: Mailbox<M.Message>) {
        let effect = model.update(event)
        perform(effect, backend: backend, mailbox: mailbox)
    }

    private func changeTheme(_ load: ThemeLoad, backend: NcursesBackend, mailbox: Mailbox<M.Message>) {
        theme = load.theme
        backend.theme = load.theme
        dispatch(.themeChanged(load), backend: backend, mailbox: mailbox)
    }

    private func perform(_ effect: Effect<M.Message>, backend: NcursesBackend, mailbox: Mailbox<M.Message>) {
        for action in effect.actions {
            switch action {
            case .quit:
                exit = .quit
            case .run(let id, let work):
                generation += 1
                let gen = generation
                if let id, let old = tasks[id] { old.task.cancel() }
                let task = Task.detached {
                    let message = await work()
                    if Task.isCancelled { return }
                    if let message { mailbox.post(message, id: id, generation: gen) }
                }
                if let id { tasks[id] = (task, gen) }
            case .cancel(let id):
                tasks[id]?.task.cancel()
                tasks[id] = nil
            case .after(let delay, let message):
                timerSequence += 1
                timers.append((ContinuousClock.now + delay, timerSequence, message))
            case .copy(let text):
                backend.copyToClipboard(text)
            case .mouse(let on):
                backend.setMouse(on && !options.plain)
            case .theme(let name):
                if let catalog = options.catalog {
                    changeTheme(catalog.load(name), backend: backend, mailbox: mailbox)
                } else if let t = Theme.builtIn(name) {
                    changeTheme(ThemeLoad(theme: t, diagnostics: [], origin: "built-in"), backend: backend, mailbox: mailbox)
                }
            case .nextTheme:
                let catalog = options.catalog ?? ThemeCatalog(appName: "terminalkit", environment: [:])
                changeTheme(catalog.load(catalog.name(after: theme.name)), backend: backend, mailbox: mailbox)
            }
        }
    }
}
