/// A modal dialog: a title, a wrapped message and a row of buttons, centred over the screen.
///
/// The screen keeps the dialog in its state while it is open, sends it keys with
/// ``handle(_:)``, and draws it last so it covers what is behind. The focused button is drawn
/// as `< OK >` (others `[ OK ]`) as well as in the `dialog.button.focus` role, so it shows without colour.
public struct Dialog: Hashable, Sendable {
    /// What the person did with the dialog.
    public enum Outcome: Hashable, Sendable {
        /// Pressed the button at this index.
        case chosen(Int)
        /// Pressed Esc.
        case cancelled
    }

    /// The title in the top border.
    public var title: String
    /// The message, wrapped to fit.
    public var message: String
    /// Button labels, left to right.
    public var buttons: [String]
    /// Index of the button Enter presses.
    public var focusedButton: Int

    /// A dialog; Enter presses `focusedButton` until the person moves the focus.
    public init(title: String, message: String, buttons: [String] = ["OK"], focusedButton: Int = 0) {
        self.title = title
        self.message = message
        self.buttons = buttons
        self.focusedButton = focusedButton
    }

    /// Handles a key: ←/→/Tab move between buttons, Enter chooses, Esc cancels, a button's first letter chooses it.
    public mutating func handle(_ key: KeyEvent) -> Outcome? {
        guard !buttons.isEmpty else { return key == .escape || key == .enter ? .cancelled : nil }
        switch key {
        case .left, .backTab: focusedButton = (focusedButton - 1 + buttons.count) % buttons.count
        case .right, .tab: focusedButton = (focusedButton + 1) % buttons.count
        case .enter: return .chosen(min(max(0, focusedButton), buttons.count - 1))
        case .escape: return .cancelled
        case .char(let c):
            let lower = c.lowercased()
            if let i = buttons.firstIndex(where: { $0.first.map { $0.lowercased() == lower } ?? false }) { return .chosen(i) }
        default: break
        }
        return nil
    }

    /// The dialog's rect when drawn over `area`.
    public func frame(in area: Rect) -> Rect {
        let buttonsWidth = buttons.reduce(0) { $0 + DisplayWidth.of(Sanitizer.sanitize($1)) + 4 } + max(0, buttons.count - 1) * 2
        let natural = max(DisplayWidth.of(Sanitizer.sanitize(title)) + 6, buttonsWidth + 4,
                          min(56, DisplayWidth.of(Sanitizer.sanitize(message)) + 4), 24)
        // Leave a margin of what is behind showing, so the dialog reads as on top, when there is room.
        let width = min(natural, area.width >= 24 ? area.width - 2 : area.width)
        let textWidth = max(1, width - 4)
        let lines = TextLayout.wrap(message, width: textWidth).count
        let height = min(lines + 5, area.height >= 9 ? area.height - 2 : area.height) // border, blank, message, blank, buttons, border
        return area.centered(Size(width: width, height: height))
    }

    /// The index of the button at `point` when drawn over `area`, for mouse clicks.
    public func button(at point: Point, area: Rect) -> Int? {
        let f = frame(in: area)
        for (i, r) in buttonRects(in: f) where r.contains(point) { return i }
        return nil
    }

    private func buttonRects(in f: Rect) -> [(Int, Rect)] {
        guard f.height >= 3 else { return [] }
        let y = f.maxY - 2
        let widths = buttons.map { DisplayWidth.of(Sanitizer.sanitize($0)) + 4 }
        let total = widths.reduce(0, +) + max(0, buttons.count - 1) * 2
        var x = f.x + max(1, (f.width - total) / 2)
        var out: [(Int, Rect)] = []
        for (i, w) in widths.enumerated() {
            out.append((i, Rect(x: x, y: y, width: w, height: 1)))
            x += w + 2
        }
        return out
    }

    /// Draws the dialog centred over `area`, clearing what is behind it.
    public func render(into canvas: inout Canvas, area: Rect) {
        let f = frame(in: area)
        guard !f.isEmpty else { return }
        canvas.withClip(f) { canvas in
            let body = Style(.dialog)
            canvas.fill(f, style: body)
            let inner = canvas.drawBox(f, title: title, style: body, titleStyle: Style(.dialogTitle), border: .dialog)
            guard inner.height > 0 else { return }
            let text = inner.inset(left: 1, right: 1)
            let messageRows = max(0, inner.height - 2)
            for (k, line) in TextLayout.wrap(message, width: max(1, text.width)).prefix(max(0, messageRows - 1)).enumerated() {
                canvas.draw(line, at: Point(x: text.x, y: text.y + 1 + k), style: body, maxWidth: text.width)
            }
            for (i, r) in buttonRects(in: f) {
                let focused = i == focusedButton
                let label = (focused ? "< " : "[ ") + buttons[i] + (focused ? " >" : " ]")
                canvas.draw(label, in: r.intersection(inner), style: Style(focused ? .buttonFocus : .button))
            }
        }
    }
}

/// Wrapped text in an area, for help screens and long messages.
public struct Paragraph: Hashable, Sendable {
    /// The text (sanitised when drawn).
    public var text: String
    /// The text's style.
    public var style: Style
    /// How each line sits in the width.
    public var alignment: Alignment
    /// Lines scrolled off the top.
    public var scroll: Int

    /// A paragraph of `text` in `style`.
    public init(_ text: String, style: Style = .text, alignment: Alignment = .left, scroll: Int = 0) {
        self.text = text
        self.style = style
        self.alignment = alignment
        self.scroll = scroll
    }

    /// How many lines the text takes at `width`.
    public func lineCount(width: Int) -> Int { TextLayout.wrap(text, width: width).count }

    /// Draws the wrapped text into `area`.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        canvas.withClip(area) { canvas in
            for (k, line) in TextLayout.wrap(text, width: area.width).dropFirst(max(0, scroll)).prefix(area.height).enumerated() {
                canvas.draw(line, in: Rect(x: area.x, y: area.y + k, width: area.width, height: 1), style: style, alignment: alignment)
            }
        }
    }
}

/// A busy indicator: advance `frame` on a timer (see ``Effect/after(_:_:)``) while work runs.
public struct Spinner: Hashable, Sendable {
    /// Which frame to show; any integer (it wraps).
    public var frame: Int
    /// Text after the spinner ("Searching…").
    public var label: String

    /// A spinner showing `frame` with `label` after it.
    public init(frame: Int = 0, label: String = "") {
        self.frame = frame
        self.label = label
    }

    /// Draws the spinner and its label in the first row of `area`.
    public func render(into canvas: inout Canvas, area: Rect) {
        guard !area.isEmpty else { return }
        let frames = canvas.symbols.spinner
        let glyph = frames[((frame % frames.count) + frames.count) % frames.count]
        let w = canvas.draw(glyph, at: area.origin, style: Style(.statusInfo), maxWidth: area.width)
        if !label.isEmpty { canvas.draw(" " + label, at: Point(x: area.x + w, y: area.y), maxWidth: area.width - w) }
    }
}

/// The screen shown instead of the app when the terminal is smaller than the app needs.
public enum TooSmallScreen {
    /// Draws "Terminal too small" and the sizes, centred and cut to whatever fits (even 1×1).
    public static func render(into canvas: inout Canvas, needed: Size) {
        let area = canvas.bounds
        guard !area.isEmpty else { return }
        canvas.fill(area)
        let have = canvas.size
        let lines = ["Terminal too small", "need \(needed.width)×\(needed.height), have \(have.width)×\(have.height)",
                     "enlarge the window"]
        var wrapped: [String] = []
        for l in lines { wrapped += TextLayout.wrap(l, width: area.width) }
        let shown = wrapped.prefix(area.height)
        let top = (area.height - shown.count) / 2
        for (k, line) in shown.enumerated() {
            canvas.draw(line, in: Rect(x: 0, y: top + k, width: area.width, height: 1),
                        style: Style(k == 0 ? .statusWarn : .text), alignment: .center)
        }
    }
}
