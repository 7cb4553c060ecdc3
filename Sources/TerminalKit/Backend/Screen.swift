/// A rendered frame as a person would see it: text, and the concrete look of every cell under a
/// theme and colour mode. What tests assert on (golden screens), and what ``HeadlessBackend`` produces.
public struct Screen: Sendable {
    /// The canvas that was drawn.
    public let canvas: Canvas
    /// The theme applied.
    public let theme: Theme
    /// The colour mode applied.
    public let mode: ColorMode

    /// A screen showing `canvas` under `theme` in colour `mode`.
    public init(canvas: Canvas, theme: Theme = .default, mode: ColorMode = .colors256) {
        self.canvas = canvas
        self.theme = theme
        self.mode = mode
    }

    /// Every row's text, exactly as wide as the screen (a wide character counts once but fills two columns).
    public var lines: [String] { canvas.lines }

    /// The rows joined by newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// The semantic role of the cell at `point`.
    public func role(at point: Point) -> Role { canvas[point.x, point.y].style.role }

    /// The colours and attributes the cell at `point` gets.
    public func style(at point: Point) -> ResolvedStyle { theme.resolve(canvas[point.x, point.y].style, mode: mode) }

    /// The rows in which any cell has `role`.
    public func rows(withRole role: Role) -> [Int] {
        (0..<canvas.height).filter { y in (0..<canvas.width).contains { canvas[$0, y].style.role == role } }
    }

    /// Runs of cells sharing a role in row `y`, as (columns, role).
    public func roleRuns(row y: Int) -> [(columns: Range<Int>, role: Role)] {
        var runs: [(Range<Int>, Role)] = []
        var start = 0
        for x in 0...canvas.width {
            let boundary = x == canvas.width || (x > 0 && canvas[x, y].style.role != canvas[x - 1, y].style.role)
            if boundary && x > start {
                runs.append((start..<x, canvas[start, y].style.role))
                start = x
            }
        }
        return runs.map { (columns: $0.0, role: $0.1) }
    }

    /// Each row's text followed by its role runs, e.g. `"▶ Ann   │ selection 0-7, text 8-9"`;
    /// for tests that check *which* cells carry a style, and for debugging goldens.
    public var annotatedLines: [String] {
        (0..<canvas.height).map { y in
            let runs = roleRuns(row: y).map { "\($0.role) \($0.columns.lowerBound)-\($0.columns.upperBound - 1)" }
            return lines[y] + " │ " + runs.joined(separator: ", ")
        }
    }
}

/// A backend without a terminal: it keeps the last frame as a ``Screen`` and records clipboard
/// requests, so tests see exactly what a person would.
public final class HeadlessBackend {
    /// The screen size frames are drawn at.
    public var size: Size
    /// The theme applied to frames.
    public var theme: Theme
    /// The colour mode applied to frames.
    public var mode: ColorMode
    /// The last frame drawn, or nil before the first.
    public private(set) var screen: Screen?
    /// Text passed to ``copyToClipboard(_:)``, oldest first.
    public private(set) var clipboard: [String] = []
    /// How many cells the last ``draw(_:)`` changed (what a real terminal would have been sent).
    public private(set) var lastChangeCount = 0

    /// A headless backend of `size` that resolves styles with `theme` in `mode`.
    public init(size: Size, theme: Theme = .default, mode: ColorMode = .colors256) {
        self.size = size
        self.theme = theme
        self.mode = mode
    }

    /// Takes a frame.
    public func draw(_ canvas: Canvas) {
        lastChangeCount = canvas.changes(since: screen?.canvas).count
        screen = Screen(canvas: canvas, theme: theme, mode: mode)
    }

    /// Records a clipboard request.
    public func copyToClipboard(_ text: String) { clipboard.append(text) }

    /// The last frame's text lines (empty before the first frame).
    public var lines: [String] { screen?.lines ?? [] }
}

extension Canvas {
    /// Where a screen reader's cursor should go when no widget placed one: the focused dialog
    /// button, else the start of the selection.
    public func focusPoint() -> Point? {
        for role in [Role.buttonFocus, Role.selection, Role.tabActive] {
            for y in 0..<height {
                for x in 0..<width where self[x, y].style.role == role { return Point(x: x, y: y) }
            }
        }
        return nil
    }
}
