import CNcurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be opened.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in words for the person at the terminal.
    public let message: String
    public var description: String { message }
}

/// The real terminal, through ncursesw: the only code that writes to it or reads keys from it.
///
/// Create it on one thread and use it only there; it checks, because ncurses is not thread-safe.
/// Closing it (or the process exiting, crashing, or getting SIGINT/SIGTERM/SIGHUP) restores the
/// terminal. Other threads wake a blocked ``readEvents(timeout:)`` with ``wake()``.
public final class NcursesBackend {
    /// Settings for opening the terminal.
    public struct Options: Sendable {
        /// Report mouse clicks and the wheel (when the terminal can).
        public var mouse: Bool
        /// How long to wait after Esc for the rest of a key sequence, in milliseconds; short keeps Esc snappy.
        public var escapeDelay: Int
        /// Force a colour mode instead of detecting it (nil: detect, honouring NO_COLOR).
        public var colorMode: ColorMode?
        /// The environment to read NO_COLOR from.
        public var environment: [String: String]

        /// Options with the defaults most apps want: mouse on, 25 ms Esc delay, detected colours.
        public init(mouse: Bool = true, escapeDelay: Int = 25, colorMode: ColorMode? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.mouse = mouse
            self.escapeDelay = escapeDelay
            self.colorMode = colorMode
            self.environment = environment
        }
    }

    /// The colour mode in use.
    public let colorMode: ColorMode
    /// Colours the terminal reported.
    public let terminalColors: Int
    /// Whether characters are exchanged as UTF-8 (false only if no UTF-8 locale exists).
    public let isUTF8: Bool
    /// Whether the environment's locale was not UTF-8 and C.UTF-8 was used instead.
    public let localeWasForced: Bool
    /// The theme frames are drawn with; changing it repaints everything on the next draw.
    public var theme: Theme {
        didSet { styleCache.removeAll(); previous = nil }
    }
    /// Whether mouse events are reported now.
    public private(set) var mouseEnabled: Bool

    private let owner: pthread_t
    private var isOpen = true
    private var previous: Canvas?
    private var styleCache: [Style: (attrs: attr_t, pair: Int32)] = [:]
    private var pairs: [Int: Int32] = [:]
    private let maxPairs: Int
    private var pending: [(kind: Int32, value: UInt32)] = []
    private var inPaste = false
    private var pasteBuffer = ""
    private var keyCtrlLeft: Int32 = -1
    private var keyCtrlRight: Int32 = -1
    private var functionKeys: [Int32: Int] = [:]
    private let attrBold = tk_attr_bold(), attrDim = tk_attr_dim(), attrItalic = tk_attr_italic()
    private let attrUnderline = tk_attr_underline(), attrReverse = tk_attr_reverse()

    /// Opens the terminal (alternate screen, raw keys, no echo) and installs the restore handlers.
    public init(theme: Theme = .default, options: Options = Options()) throws {
        var caps = tk_caps()
        var error: UnsafePointer<CChar>?
        guard tk_open(options.mouse ? 1 : 0, Int32(options.escapeDelay), &caps, &error) == 0 else {
            throw TerminalError(message: error.map { String(cString: $0) } ?? "cannot open the terminal")
        }
        owner = pthread_self()
        terminalColors = Int(caps.colors)
        isUTF8 = caps.utf8 != 0
        localeWasForced = caps.locale_forced != 0
        mouseEnabled = caps.mouse != 0
        colorMode = options.colorMode ?? ColorMode.detect(terminalColors: Int(caps.colors), environment: options.environment)
        maxPairs = min(Int(caps.color_pairs) - 1, 32_767)
        self.theme = theme
        keyCtrlLeft = tk_key_named("kLFT5")
        keyCtrlRight = tk_key_named("kRIT5")
        for n in 1...24 { functionKeys[tk_key_f(Int32(n))] = n }
    }

    deinit { close() }

    /// Leaves curses mode and restores the terminal. Called automatically when the backend is released.
    public func close() {
        guard isOpen else { return }
        checkThread()
        isOpen = false
        tk_close()
    }

    /// The terminal's size now.
    public var size: Size {
        checkThread()
        var rows: Int32 = 0
        var cols: Int32 = 0
        tk_size(&rows, &cols)
        return Size(width: Int(cols), height: Int(rows))
    }

    /// A termination signal (SIGINT, SIGTERM, SIGHUP) that asked the program to stop, or nil.
    public var pendingSignal: Int32? {
        let s = tk_pending_signal()
        return s == 0 ? nil : s
    }

    /// Wakes ``readEvents(timeout:)`` on the owning thread; safe from any thread.
    public static let wake: @Sendable () -> Void = { tk_wake() }

    /// Turns mouse reporting on or off; returns whether it is now on.
    @discardableResult
    public func setMouse(_ enabled: Bool) -> Bool {
        checkThread()
        mouseEnabled = tk_set_mouse(enabled ? 1 : 0) != 0
        return mouseEnabled
    }

    /// Asks the terminal to put `text` on the system clipboard (OSC 52), which works over SSH and in tmux
    /// with `set-clipboard on`. Terminals without OSC 52 ignore it.
    public func copyToClipboard(_ text: String) {
        checkThread()
        let payload = Data(text.utf8).base64EncodedString()
        let sequence = "\u{1B}]52;c;" + payload + "\u{07}"
        var bytes = Array(sequence.utf8)
        _ = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { tk_write_raw($0, buffer.count) }
        }
    }

    // MARK: Drawing

    /// Draws `canvas`, sending only the cells that changed since the last frame.
    public func draw(_ canvas: Canvas) {
        checkThread()
        let current = size
        if previous.map({ $0.width != current.width || $0.height != current.height }) ?? true {
            previous = nil
        }
        if canvas.width != current.width || canvas.height != current.height {
            // A frame for another size (the window just changed): draw what fits and repaint next time.
            previous = nil
        }
        var wide = [wchar_t](repeating: 0, count: 6)
        for p in canvas.changes(since: previous) where p.x < current.width && p.y < current.height {
            let cell = canvas[p.x, p.y]
            let look = resolved(cell.style)
            let scalars = Array(cell.text.unicodeScalars)
            if scalars.count == 2, cell.width == 2, scalars.allSatisfy(DisplayWidth.isRegionalIndicator),
               p.x + 1 < current.width {
                // A flag: two one-column letters that terminals which know flags draw as one.
                for (k, s) in scalars.enumerated() {
                    var w = wchar_t(bitPattern: s.value)
                    _ = tk_put(Int32(p.y), Int32(p.x + k), &w, 1, look.attrs, look.pair)
                }
                continue
            }
            var n: Int32 = 0
            for (k, scalar) in scalars.enumerated() where n < 5 {
                // The base character and the marks on it. Terminals disagree about joining further
                // spacing characters (emoji ZWJ sequences, skin tones): tmux 3.3 draws each part
                // separately, which would push the rest of the row out of line.
                if k > 0 && (scalar.value == 0x200D || DisplayWidth.of(scalar) > 0) { break }
                wide[Int(n)] = wchar_t(bitPattern: scalar.value)
                n += 1
            }
            if n == 0 { wide[0] = 32; n = 1 }
            let advanced = tk_put(Int32(p.y), Int32(p.x), &wide, n, look.attrs, look.pair)
            if advanced >= 0 && Int(advanced) < cell.width && p.x + Int(advanced) < current.width {
                // ncurses measured the character narrower than we did: blank the rest so columns stay aligned.
                var space: wchar_t = 32
                _ = tk_put(Int32(p.y), Int32(p.x) + advanced, &space, 1, look.attrs, look.pair)
            }
        }
        if let c = canvas.cursor, c.x >= 0, c.y >= 0, c.x < current.width, c.y < current.height {
            tk_cursor(1, Int32(c.y), Int32(c.x))
        } else {
            tk_cursor(0, 0, 0)
        }
        tk_refresh()
        previous = (canvas.width == current.width && canvas.height == current.height) ? canvas : nil
    }

    /// Forgets the last frame so the next draw repaints every cell (after something else wrote to the terminal).
    public func invalidate() {
        checkThread()
        previous = nil
        tk_invalidate()
    }

    private func resolved(_ style: Style) -> (attrs: attr_t, pair: Int32) {
        if let hit = styleCache[style] { return hit }
        let r = theme.resolve(style, mode: colorMode)
        var attrs: attr_t = 0
        if r.attributes.contains(.bold) { attrs |= attrBold }
        if r.attributes.contains(.dim) { attrs |= attrDim }
        if r.attributes.contains(.italic) { attrs |= attrItalic }
        if r.attributes.contains(.underline) { attrs |= attrUnderline }
        if r.attributes.contains(.reverse) { attrs |= attrReverse }
        let pair = colorMode == .monochrome ? 0 : pairNumber(fg: r.foreground.index, bg: r.background.index)
        let result = (attrs, pair)
        styleCache[style] = result
        return result
    }

    private func pairNumber(fg: Int, bg: Int) -> Int32 {
        if fg < 0 && bg < 0 { return 0 }
        let limit = colorMode == .colors8 ? 8 : max(8, terminalColors)
        let f = fg < limit ? fg : -1
        let b = bg < limit ? bg : -1
        let key = (f + 1) << 16 | (b + 1)
        if let p = pairs[key] { return p }
        guard pairs.count < maxPairs else { return 0 }
        let p = Int32(pairs.count + 1)
        tk_init_pair(p, Int32(f), Int32(b))
        pairs[key] = p
        return p
    }

    // MARK: Input

    /// Waits up to `timeout` (nil: until something happens) for input, a resize or a ``wake()``,
    /// and returns the events that arrived (possibly none).
    public func readEvents(timeout: Duration?) -> [InputEvent] {
        checkThread()
        let ms: Int32
        if let t = timeout {
            let (s, atto) = t.components
            ms = Int32(clamping: max(0, s * 1000 + atto / 1_000_000_000_000_000))
        } else {
            ms = -1
        }
        _ = tk_wait(ms)
        var raw: [(Int32, UInt32)] = []
        var value: UInt32 = 0
        while true {
            let kind = tk_read(&value)
            if kind < 0 { break }
            raw.append((kind, value))
            if raw.count > 4096 { break }
        }
        return decode(raw)
    }

    private func decode(_ raw: [(Int32, UInt32)]) -> [InputEvent] {
        var events: [InputEvent] = []
        var i = 0
        while i < raw.count {
            let (kind, v) = raw[i]
            i += 1
            if kind == 1 {
                let code = Int32(bitPattern: v)
                if code == tk_key_paste_begin() { inPaste = true; pasteBuffer = ""; continue }
                if code == tk_key_paste_end() {
                    inPaste = false
                    events.append(.paste(pasteBuffer))
                    pasteBuffer = ""
                    continue
                }
                if let e = decodeKeyCode(code) { events.append(e) }
                continue
            }
            if inPaste {
                if v == 13 || v == 10 { pasteBuffer.append("\n") } else if let s = Unicode.Scalar(v) { pasteBuffer.unicodeScalars.append(s) }
                continue
            }
            switch v {
            case 13, 10: events.append(.key(.enter))
            case 9: events.append(.key(.tab))
            case 8, 127: events.append(.key(.backspace))
            case 27:
                // Esc then a character at once is Alt with that character.
                if i < raw.count, raw[i].0 == 0, raw[i].1 >= 32, raw[i].1 != 127, let s = Unicode.Scalar(raw[i].1) {
                    events.append(.key(.alt(Character(s))))
                    i += 1
                } else {
                    events.append(.key(.escape))
                }
            case 1...26:
                events.append(.key(.ctrl(Character(Unicode.Scalar(UInt8(v) + 96)))))
            case 0, 28...31:
                break
            default:
                if let s = Unicode.Scalar(v) { events.append(.key(.char(Character(s)))) }
            }
        }
        return events
    }

    private func decodeKeyCode(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME, KEY_FIND, KEY_A1: return .key(.home)
        case KEY_END, KEY_SELECT, KEY_C1: return .key(.end)
        case KEY_PPAGE, KEY_A3: return .key(.pageUp)
        case KEY_NPAGE, KEY_C3: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_IC: return .key(.insert)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE: return .resize(size)
        case KEY_MOUSE:
            var x: Int32 = 0, y: Int32 = 0, kind: Int32 = 0, button: Int32 = 0, mods: Int32 = 0
            guard tk_mouse_event(&x, &y, &kind, &button, &mods) == 0 else { return nil }
            let b: MouseButton = button == 2 ? .middle : button == 3 ? .right : .left
            let at = Point(x: Int(x), y: Int(y))
            switch kind {
            case 1, 5: return .mouse(MouseEvent(.press(b), at: at))
            case 2: return .mouse(MouseEvent(.release(b), at: at))
            case 3: return .mouse(MouseEvent(.wheelUp, at: at))
            case 4: return .mouse(MouseEvent(.wheelDown, at: at))
            default: return nil
            }
        default:
            if code == keyCtrlLeft { return .key(.ctrlLeft) }
            if code == keyCtrlRight { return .key(.ctrlRight) }
            if let n = functionKeys[code] { return .key(.function(n)) }
            return nil
        }
    }

    private func checkThread() {
        precondition(pthread_equal(owner, pthread_self()) != 0,
                     "NcursesBackend used from a thread other than the one that opened the terminal")
    }
}
