import TerminalKit

/// One screen of the dashboard (home, search, a person, a property, and later wards, cases...).
///
/// TerminalKit's ``Model`` has an associated `Message` type, so a stack of different models
/// cannot be held in one array. The dashboard therefore has exactly one `Model`
/// (``DashboardApp``), and its screens conform to this type-erased protocol instead: a screen is
/// a value that handles ``ScreenEvent``s, returns ``ScreenEffect``s (navigation, queries, copy)
/// and renders into the content area the shell gives it. Results of queries come back as
/// `any Sendable` payloads, so a new screen needs no change to any shared enum.
///
/// Keys reach a screen in two ways. A key listed in ``bindings`` arrives as
/// ``ScreenEvent/command(_:_:)`` with the binding's command name; the same list generates the
/// help overlay and the status-bar hints, so help cannot drift from what the keys do. Other keys
/// arrive as ``ScreenEvent/key(_:)`` (typing into a field, for instance).
public protocol DashboardScreen: Sendable {
    /// The screen's name in the breadcrumb ("Search ‘smith’", "John Smith (1381424)").
    var title: String { get }
    /// Keys this screen answers to, for dispatch, help and status-bar hints. May depend on state
    /// (for example, which panel has the focus).
    var bindings: [KeyBinding] { get }
    /// Whether printable keys go to a text field right now; global one-letter keys (`q`, `/`, `?`,
    /// `:`) then step aside and only their function-key or Ctrl forms work.
    var capturesText: Bool { get }
    /// A short message for the right of the status bar ("3 of 12").
    var statusMessage: String { get }

    /// Work to start when the screen is first shown (its first query).
    mutating func start(_ context: ScreenContext) -> ScreenEffect
    /// Changes state for an event and says what the shell should do.
    mutating func handle(_ event: ScreenEvent, _ context: ScreenContext) -> ScreenEffect
    /// Draws the screen into `area` (the space between the top bars and the status bar). Pure.
    func render(into canvas: inout Canvas, area: Rect, context: ScreenContext)
}

extension DashboardScreen {
    public var capturesText: Bool { false }
    public var statusMessage: String { "" }
    public mutating func start(_ context: ScreenContext) -> ScreenEffect { .none }
}

/// Something that happened, delivered to the top screen.
public enum ScreenEvent: Sendable {
    /// A key from ``DashboardScreen/bindings`` was pressed: the binding's command and the key.
    case command(String, KeyEvent)
    /// Any other key.
    case key(KeyEvent)
    /// A mouse event, in screen coordinates.
    case mouse(MouseEvent)
    /// Text pasted in one go (not yet sanitised).
    case paste(String)
    /// The screen's content area changed (window resized, or the screen came back to the top).
    case layout(Rect)
    /// The screen is on top again after the one above it closed (a chance to refresh).
    case appeared
    /// A query started with ``ScreenAction/load(id:label:work:)`` finished: its id and result.
    case loaded(String, any Sendable)
    /// A query failed: its id and a message for the officer.
    case failed(String, String)
    /// A timer set with ``ScreenAction/after(_:_:)`` fired.
    case timer(any Sendable)
}

/// What a screen asks the shell to do.
public enum ScreenAction: Sendable {
    /// Opens a screen on top of this one (Enter drills in).
    case push(any DashboardScreen)
    /// Goes back to the screen below (Esc).
    case pop
    /// Runs `work` off the terminal thread. A newer load with the same id replaces an older one,
    /// whose result is then dropped. With a `label`, a spinner and the label show while it runs.
    case load(id: String, label: String?, work: @Sendable (DashboardData) async throws -> any Sendable)
    /// Delivers `payload` back as ``ScreenEvent/timer(_:)`` after `delay` (debouncing).
    case after(Duration, any Sendable)
    /// Puts `text` on the clipboard (OSC 52) and says so in the status bar, naming `what`.
    case copy(String, what: String)
    /// Shows a message in the status bar for a few seconds.
    case status(String, StatusKind)
    /// Ends the program.
    case quit
}

/// How a status message reads.
public enum StatusKind: Sendable, Hashable {
    case info, success, warning, error

    var role: Role {
        switch self {
        case .info: return .statusInfo
        case .success: return .statusOK
        case .warning: return .statusWarn
        case .error: return .statusError
        }
    }
}

/// A screen's answer to an event: whether it used the event, and what to do next.
public struct ScreenEffect: Sendable {
    /// The actions, in order.
    public var actions: [ScreenAction]
    /// Whether the screen used the event; an unused key falls through to the shell (Esc goes back).
    public var handled: Bool

    public init(_ actions: [ScreenAction] = [], handled: Bool = true) {
        self.actions = actions
        self.handled = handled
    }

    /// Used the event; nothing else to do.
    public static var none: ScreenEffect { ScreenEffect() }
    /// Did not use the event.
    public static var ignored: ScreenEffect { ScreenEffect(handled: false) }

    public static func push(_ screen: any DashboardScreen) -> ScreenEffect { ScreenEffect([.push(screen)]) }
    public static var pop: ScreenEffect { ScreenEffect([.pop]) }
    public static func load(id: String, label: String?, _ work: @escaping @Sendable (DashboardData) async throws -> any Sendable) -> ScreenEffect {
        ScreenEffect([.load(id: id, label: label, work: work)])
    }
    public static func after(_ delay: Duration, _ payload: any Sendable) -> ScreenEffect { ScreenEffect([.after(delay, payload)]) }
    public static func copy(_ text: String, what: String) -> ScreenEffect { ScreenEffect([.copy(text, what: what)]) }
    public static func status(_ text: String, _ kind: StatusKind = .info) -> ScreenEffect { ScreenEffect([.status(text, kind)]) }

    /// Both effects' actions, left first; handled if either was.
    public static func + (a: ScreenEffect, b: ScreenEffect) -> ScreenEffect {
        ScreenEffect(a.actions + b.actions, handled: a.handled || b.handled)
    }
}

/// A key (or keys) a screen answers to, what it does, and whether the status bar shows it.
public struct KeyBinding: Sendable, Hashable {
    /// The keys that trigger the command.
    public var keys: [KeyEvent]
    /// How the keys are written in help and hints ("↑↓", "Enter", "y").
    public var keyLabel: String
    /// What it does, in a few words ("Open", "Copy value").
    public var label: String
    /// The command name delivered in ``ScreenEvent/command(_:_:)``.
    public var command: String
    /// Whether the status bar lists it (help always does).
    public var hint: Bool

    public init(_ keys: [KeyEvent], _ keyLabel: String? = nil, _ label: String, command: String, hint: Bool = true) {
        self.keys = keys
        self.keyLabel = keyLabel ?? keys.map(\.description).joined(separator: "/")
        self.label = label
        self.command = command
        self.hint = hint
    }

    /// Whether a key is printable (and so belongs to a text field while one has the focus).
    static func isPrintable(_ key: KeyEvent) -> Bool {
        if case .char = key { return true }
        return false
    }

    /// The usual list-movement keys, as one binding.
    public static let move = KeyBinding([.up, .down, .pageUp, .pageDown, .home, .end], "↑↓ PgUp PgDn Home End",
                                        "Move the selection", command: "move", hint: false)
}

/// What screens may read while handling events and rendering: the warehouse, who is looking,
/// and what day it is (injected, so screens are deterministic under test).
public struct ScreenContext: Sendable {
    /// Queries over the warehouse (each audited where it reads personal data).
    public var data: DashboardData
    /// Today, for ages and freshness.
    public var today: CalendarDay
    /// The date the extracts describe (the warehouse's `as_of`), when known.
    public var asOf: CalendarDay?

    public init(data: DashboardData, today: CalendarDay, asOf: CalendarDay? = nil) {
        self.data = data
        self.today = today
        self.asOf = asOf
    }
}

/// A failed query's message, as the shell delivers it.
struct LoadFailure: Error, Sendable {
    var message: String
}
