/// Something that happened, delivered to ``Model/update(_:)``.
public enum Event<Message: Sendable>: Sendable {
    /// A key press.
    case key(KeyEvent)
    /// A mouse click or wheel turn (only while the mouse is on).
    case mouse(MouseEvent)
    /// Text pasted in one go; not yet sanitised (``TextInput/insert(_:)`` sanitises).
    case paste(String)
    /// The screen is now this size; also sent once at start.
    case resize(Size)
    /// The result of an effect, posted back from wherever it ran.
    case message(Message)
    /// The theme changed (by the theme-cycling key or ``Effect/setTheme(_:)``); problems loading it are inside.
    case themeChanged(ThemeLoad)

    /// The event as it came from the terminal.
    init(_ input: InputEvent) {
        switch input {
        case .key(let k): self = .key(k)
        case .mouse(let m): self = .mouse(m)
        case .paste(let p): self = .paste(p)
        case .resize(let s): self = .resize(s)
        }
    }
}

/// A screen or a whole app: state, an update function, and a pure render function.
///
/// The program loop owns the model, calls ``update(_:)`` with each event, runs the returned
/// ``Effect`` (slow work goes off the terminal thread and comes back as ``Event/message(_:)``),
/// and calls ``render(into:)`` to draw the next frame.
///
/// ```swift
/// struct Counter: Model {
///     enum Message: Sendable { case loaded(Int) }
///     var count = 0
///     mutating func start() -> Effect<Message> { .run { .loaded(await slowCount()) } }
///     mutating func update(_ event: Event<Message>) -> Effect<Message> {
///         switch event {
///         case .key(.char("q")): return .quit
///         case .key(.char("+")): count += 1
///         case .message(.loaded(let n)): count = n
///         default: break
///         }
///         return .none
///     }
///     func render(into canvas: inout Canvas) {
///         canvas.draw("Count: \(count)", at: .zero, style: Style(.emphasis))
///     }
/// }
/// ```
public protocol Model {
    /// Results of effects, posted back to ``update(_:)``.
    associatedtype Message: Sendable

    /// Effects to run when the program starts, such as the first query. The default does nothing.
    mutating func start() -> Effect<Message>

    /// Changes the state for an event and says what to do next.
    mutating func update(_ event: Event<Message>) -> Effect<Message>

    /// Draws the state. Must not change anything or do I/O: it may run any number of times.
    func render(into canvas: inout Canvas)

    /// Below this size the program shows "Terminal too small" instead of calling ``render(into:)``.
    var minimumSize: Size { get }
}

extension Model {
    /// Does nothing at start.
    public mutating func start() -> Effect<Message> { .none }
    /// 20×6, unless the model says otherwise.
    public var minimumSize: Size { Size(width: 20, height: 6) }
}

/// What to do after an update: nothing, quit, run slow work, set a timer, copy to the clipboard...
///
/// Combine several with ``batch(_:)`` or `+`.
public struct Effect<Message: Sendable>: Sendable {
    enum Action: Sendable {
        case run(id: String?, work: @Sendable () async -> Message?)
        case cancel(id: String)
        case after(Duration, Message)
        case quit
        case copy(String)
        case mouse(Bool)
        case theme(String)
        case nextTheme
    }

    let actions: [Action]

    init(_ actions: [Action]) { self.actions = actions }

    /// Nothing to do.
    public static var none: Effect { Effect([]) }

    /// Ends the program.
    public static var quit: Effect { Effect([.quit]) }

    /// Runs `work` off the terminal thread and delivers its result as ``Event/message(_:)``.
    ///
    /// With an `id`, starting another effect with the same id cancels this one and discards its
    /// result: for search-as-you-type, only the latest query's rows arrive.
    public static func run(id: String? = nil, _ work: @escaping @Sendable () async -> Message) -> Effect {
        Effect([.run(id: id, work: { await work() })])
    }

    /// Like ``run(id:_:)``, but `work` may finish without a message (nil).
    public static func runOptional(id: String? = nil, _ work: @escaping @Sendable () async -> Message?) -> Effect {
        Effect([.run(id: id, work: work)])
    }

    /// Cancels the running effect with this id; its result is discarded.
    public static func cancel(id: String) -> Effect { Effect([.cancel(id: id)]) }

    /// Delivers `message` after `delay` (for spinners, debouncing, status messages that fade).
    public static func after(_ delay: Duration, _ message: Message) -> Effect { Effect([.after(delay, message)]) }

    /// Asks the terminal to put `text` on the clipboard (OSC 52).
    public static func copyToClipboard(_ text: String) -> Effect { Effect([.copy(text)]) }

    /// Turns mouse reporting on or off.
    public static func setMouse(_ enabled: Bool) -> Effect { Effect([.mouse(enabled)]) }

    /// Switches to the named theme (a user's file or a built-in one).
    public static func setTheme(_ name: String) -> Effect { Effect([.theme(name)]) }

    /// Switches to the next theme in the catalog.
    public static var nextTheme: Effect { Effect([.nextTheme]) }

    /// All of `effects`, in order.
    public static func batch(_ effects: [Effect]) -> Effect { Effect(effects.flatMap(\.actions)) }

    /// Both effects, left first.
    public static func + (lhs: Effect, rhs: Effect) -> Effect { Effect(lhs.actions + rhs.actions) }

    /// Whether this effect does nothing.
    public var isNone: Bool { actions.isEmpty }
}

/// Builds a frame the same way for the real loop and for tests.
enum FrameBuilder {
    static func frame<M: Model>(_ model: M, size: Size, symbols: Symbols, cursorFollowsFocus: Bool) -> Canvas {
        var canvas = Canvas(size: size, symbols: symbols)
        if size.contains(model.minimumSize) {
            model.render(into: &canvas)
        } else {
            TooSmallScreen.render(into: &canvas, needed: model.minimumSize)
        }
        if cursorFollowsFocus && canvas.cursor == nil { canvas.cursor = canvas.focusPoint() }
        return canvas
    }
}
