/// Drives a ``Model`` with scripted events and shows the screens it draws, without a terminal
/// (like Bubble Tea's teatest): for golden-screen tests of whole screens.
///
/// Effects run in order and to completion before the next event, and timers fire only when
/// ``advance(by:)`` moves the tester's clock, so tests are deterministic and never sleep.
///
/// ```swift
/// let t = await ScreenTester(SearchScreen(), size: Size(width: 40, height: 10))
/// await t.type("ağa")
/// await t.press(.enter)
/// #expect(t.lines[2] == "▶ Zoë Ağaoğlu                         ")
/// ```
public final class ScreenTester<M: Model> {
    /// The model's current state.
    public private(set) var model: M
    /// The screen size.
    public private(set) var size: Size
    /// The theme screens are resolved with.
    public private(set) var theme: Theme
    /// The colour mode screens are resolved with.
    public var mode: ColorMode
    /// Glyph set frames are drawn with.
    public var symbols: Symbols
    /// Whether the model asked to quit.
    public private(set) var didQuit = false
    /// Text the model asked to copy to the clipboard, oldest first.
    public private(set) var clipboard: [String] = []
    /// Whether the mouse is on (the model can turn it off).
    public private(set) var mouseEnabled = true
    /// Every frame drawn so far (after each event), oldest first.
    public private(set) var frames: [Screen] = []

    private var clock: Duration = .zero
    private var timers: [(due: Duration, sequence: Int, message: M.Message)] = []
    private var sequence = 0
    private let catalog: ThemeCatalog?

    /// Starts `model` at `size`: sends the initial resize, runs its start effects, draws the first frame.
    public init(_ model: M, size: Size = Size(width: 80, height: 24), theme: Theme = .default,
                mode: ColorMode = .colors256, symbols: Symbols = .unicode, catalog: ThemeCatalog? = nil) async {
        self.model = model
        self.size = size
        self.theme = theme
        self.mode = mode
        self.symbols = symbols
        self.catalog = catalog
        await apply(self.model.update(.resize(size)))
        await apply(self.model.start())
        redraw()
    }

    /// The current frame.
    public var screen: Screen { frames.last ?? Screen(canvas: Canvas(size: size, symbols: symbols), theme: theme, mode: mode) }

    /// The current frame's text lines.
    public var lines: [String] { screen.lines }

    /// Delivers one event, runs the effects it causes (and theirs), and draws a frame.
    public func send(_ event: Event<M.Message>) async {
        if case .resize(let s) = event { size = s }
        await apply(model.update(event))
        redraw()
    }

    /// Presses keys one after another.
    public func press(_ keys: KeyEvent...) async {
        for k in keys { await send(.key(k)) }
    }

    /// Types `text` one grapheme at a time.
    public func type(_ text: String) async {
        for k in KeyEvent.typing(text) { await send(.key(k)) }
    }

    /// Resizes the screen, as when the window changes.
    public func resize(to newSize: Size) async { await send(.resize(newSize)) }

    /// Clicks the left button at `point` (press then release).
    public func click(at point: Point) async {
        await send(.mouse(MouseEvent(.press(.left), at: point)))
        await send(.mouse(MouseEvent(.release(.left), at: point)))
    }

    /// Moves the clock forward, delivering timer messages that fall due, in order.
    public func advance(by duration: Duration) async {
        let target = clock + duration
        while let next = timers.filter({ $0.due <= target }).min(by: { ($0.due, $0.sequence) < ($1.due, $1.sequence) }) {
            timers.removeAll { $0.sequence == next.sequence }
            clock = next.due
            await send(.message(next.message))
        }
        clock = target
    }

    private func redraw() {
        let canvas = FrameBuilder.frame(model, size: size, symbols: symbols, cursorFollowsFocus: false)
        frames.append(Screen(canvas: canvas, theme: theme, mode: mode))
    }

    private func apply(_ effect: Effect<M.Message>) async {
        for action in effect.actions {
            switch action {
            case .quit: didQuit = true
            case .run(_, let work):
                if let message = await work() { await apply(model.update(.message(message))) }
            case .cancel: break
            case .after(let delay, let message):
                sequence += 1
                timers.append((clock + delay, sequence, message))
            case .copy(let text): clipboard.append(text)
            case .mouse(let on): mouseEnabled = on
            case .theme(let name):
                let load = catalog?.load(name) ?? ThemeLoad(theme: Theme.builtIn(name) ?? .default, diagnostics: [], origin: "built-in")
                theme = load.theme
                await apply(model.update(.themeChanged(load)))
            case .nextTheme:
                let c = catalog ?? ThemeCatalog(appName: "terminalkit", environment: [:])
                let load = c.load(c.name(after: theme.name))
                theme = load.theme
                await apply(model.update(.themeChanged(load)))
            }
        }
    }
}
