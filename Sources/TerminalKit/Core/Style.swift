/// A terminal colour: one of the 256 indexed colours, or the terminal's own default.
///
/// Indices 0–7 are the basic colours every colour terminal has; 8–15 their bright forms;
/// 16–231 a 6×6×6 colour cube; 232–255 a grey ramp.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    /// The palette index, or -1 for the terminal's default foreground or background.
    public let index: Int

    /// The colour at `index` in the 256-colour palette (clamped to 0–255).
    public init(_ index: Int) { self.index = min(255, max(0, index)) }

    private init(raw: Int) { self.index = raw }

    /// The terminal's own default colour (what the user configured), written `"default"` in themes.
    public static let terminalDefault = Color(raw: -1)
    /// Basic colour 0.
    public static let black = Color(0)
    /// Basic colour 1.
    public static let red = Color(1)
    /// Basic colour 2.
    public static let green = Color(2)
    /// Basic colour 3.
    public static let yellow = Color(3)
    /// Basic colour 4.
    public static let blue = Color(4)
    /// Basic colour 5.
    public static let magenta = Color(5)
    /// Basic colour 6.
    public static let cyan = Color(6)
    /// Basic colour 7 (light grey on most terminals).
    public static let white = Color(7)

    /// Whether this is the terminal's default colour.
    public var isDefault: Bool { index < 0 }

    /// The names a theme file may use for the first 16 colours, in palette order.
    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses a theme colour: `"default"`, a name from ``names`` (`"grey"`/`"gray"` mean
    /// bright-black), `"#rrggbb"` (mapped to the nearest palette colour), or `"0"`–`"255"`.
    public init?(parsing text: String) {
        let t = text.lowercased().trimmingSpaces()
        if t == "default" || t == "none" { self = .terminalDefault; return }
        if t == "grey" || t == "gray" { self = Color(8); return }
        if let i = Color.names.firstIndex(of: t) { self = Color(i); return }
        if let n = Int(t), (0...255).contains(n) { self = Color(n); return }
        if t.hasPrefix("#"), t.count == 7, let v = Int(t.dropFirst(), radix: 16) {
            self = Color.nearest(red: (v >> 16) & 0xFF, green: (v >> 8) & 0xFF, blue: v & 0xFF)
            return
        }
        return nil
    }

    /// The red, green and blue levels xterm uses for this palette index (nil for the default colour).
    public var rgb: (red: Int, green: Int, blue: Int)? {
        switch index {
        case ..<0: return nil
        case 0..<16:
            let basic: [(Int, Int, Int)] = [
                (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
                (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
            ]
            return basic[index]
        case 16..<232:
            let levels = [0, 95, 135, 175, 215, 255]
            let i = index - 16
            return (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
        default:
            let g = 8 + (index - 232) * 10
            return (g, g, g)
        }
    }

    /// The palette colour (16–255) closest to an RGB value.
    public static func nearest(red: Int, green: Int, blue: Int) -> Color {
        var best = 16
        var bestDistance = Int.max
        for i in 16...255 {
            guard let c = Color(i).rgb else { continue }
            let d = (c.red - red) * (c.red - red) + (c.green - green) * (c.green - green) + (c.blue - blue) * (c.blue - blue)
            if d < bestDistance {
                bestDistance = d
                best = i
            }
        }
        return Color(best)
    }

    /// The closest of the 8 basic colours, for terminals that have only those.
    public var basic: Color {
        if index < 0 { return self }
        if index < 8 { return self }
        if index < 16 { return Color(index - 8) }
        guard let (r, g, b) = rgb else { return self }
        // Greys go to black or white; colours to the basic hue whose on/off pattern matches best.
        let maxc = max(r, g, b)
        let minc = min(r, g, b)
        if maxc - minc < 40 { return (r + g + b) / 3 >= 128 ? .white : .black }
        // A channel counts when it is near the strongest: #005faf is blue, not cyan; #5fd787 green.
        let threshold = maxc * 65 / 100
        let bits = (r > threshold ? 1 : 0) | (g > threshold ? 2 : 0) | (b > threshold ? 4 : 0)
        return Color(bits == 7 ? 7 : bits)
    }

    public var description: String {
        if index < 0 { return "default" }
        if index < 16 { return Color.names[index] }
        return String(index)
    }
}

/// Text attributes a terminal can show without colour.
public struct Attributes: OptionSet, Hashable, Sendable, CustomStringConvertible {
    /// The attribute bits.
    public let rawValue: UInt8
    /// Attributes from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Heavier text (brighter on some terminals).
    public static let bold = Attributes(rawValue: 1 << 0)
    /// Fainter text.
    public static let dim = Attributes(rawValue: 1 << 1)
    /// Slanted text, where the terminal supports it.
    public static let italic = Attributes(rawValue: 1 << 2)
    /// Underlined text.
    public static let underline = Attributes(rawValue: 1 << 3)
    /// Swaps foreground and background: the one highlight every terminal shows.
    public static let reverse = Attributes(rawValue: 1 << 4)

    /// The names theme files use, with their attribute.
    public static let named: [(String, Attributes)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
    ]

    public var description: String {
        let names = Attributes.named.filter { contains($0.1) }.map(\.0)
        return names.isEmpty ? "none" : names.joined(separator: "+")
    }
}

/// A semantic name for how something should look (`"selection"`, `"header"`, `"status.warn"`).
///
/// Widgets and screens say *what* a cell is; the ``Theme`` decides the colours. Names are dotted
/// paths: a theme that does not define `"dialog.title"` falls back to `"dialog"`, then to `"text"`.
/// An app adds its own names with an extension: `extension Role { static let riskHigh: Role = "risk.high" }`.
public struct Role: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The dotted name, as written in theme files.
    public let name: String

    /// A role with the given dotted name.
    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    /// The role this one falls back to (`"dialog.title"` → `"dialog"`), or nil for a top-level name.
    public var parent: Role? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return Role(String(name[..<dot]))
    }

    public var description: String { name }

    // MARK: Roles the toolkit's own widgets use

    /// Ordinary text; the base every other role falls back to.
    public static let text: Role = "text"
    /// Less important text (hints, placeholders, units).
    public static let dim: Role = "text.dim"
    /// Text to stand out without meaning good or bad.
    public static let emphasis: Role = "text.emphasis"
    /// Box borders around panels.
    public static let border: Role = "border"
    /// The border of the panel that has the keyboard focus.
    public static let borderFocus: Role = "border.focus"
    /// Panel titles drawn into a border.
    public static let title: Role = "title"
    /// Table and column headers.
    public static let header: Role = "header"
    /// The selected row or item in the focused list.
    public static let selection: Role = "selection"
    /// The selected row of a list that does not have the focus.
    public static let selectionInactive: Role = "selection.inactive"
    /// Parts of text that matched a search or filter.
    public static let match: Role = "match"
    /// The status bar along the bottom of the screen.
    public static let statusBar: Role = "statusbar"
    /// Key names inside the status bar's hints ("q", "/").
    public static let statusBarKey: Role = "statusbar.key"
    /// A text input field.
    public static let input: Role = "input"
    /// The character under a text input's cursor.
    public static let inputCursor: Role = "input.cursor"
    /// The placeholder shown in an empty text input.
    public static let inputPlaceholder: Role = "input.placeholder"
    /// Tab titles.
    public static let tab: Role = "tab"
    /// The active tab's title.
    public static let tabActive: Role = "tab.active"
    /// A modal dialog's body.
    public static let dialog: Role = "dialog"
    /// A modal dialog's title.
    public static let dialogTitle: Role = "dialog.title"
    /// Dialog buttons.
    public static let button: Role = "dialog.button"
    /// The dialog button that Enter will press.
    public static let buttonFocus: Role = "dialog.button.focus"
    /// Bars in bar charts.
    public static let chartBar: Role = "chart.bar"
    /// Chart axes, ticks and scale labels.
    public static let chartAxis: Role = "chart.axis"
    /// Sparkline bars.
    public static let sparkline: Role = "chart.sparkline"
    /// The filled part of a gauge.
    public static let gaugeFilled: Role = "gauge.filled"
    /// The empty part of a gauge.
    public static let gaugeEmpty: Role = "gauge.empty"
    /// Timeline event markers.
    public static let timelineEvent: Role = "timeline.event"
    /// Planned spans in a Gantt row.
    public static let timelinePlanned: Role = "timeline.planned"
    /// Actual (done) spans in a Gantt row.
    public static let timelineActual: Role = "timeline.actual"
    /// The part of an actual span that runs past its plan.
    public static let timelineLate: Role = "timeline.late"
    /// The "today" line on a timeline.
    public static let timelineToday: Role = "timeline.today"
    /// Scrollbar thumb and track.
    public static let scrollbar: Role = "scrollbar"
    /// Something went well or is healthy.
    public static let statusOK: Role = "status.ok"
    /// Something needs attention.
    public static let statusWarn: Role = "status.warn"
    /// Something failed.
    public static let statusError: Role = "status.error"
    /// Neutral information.
    public static let statusInfo: Role = "status.info"
    /// Red/amber/green ratings.
    public static let ragGreen: Role = "rag.green"
    /// Amber rating: at risk.
    public static let ragAmber: Role = "rag.amber"
    /// Red rating: off track.
    public static let ragRed: Role = "rag.red"
}

/// How a cell should look: a semantic ``Role`` plus, rarely, explicit overrides.
///
/// Prefer roles: a screen that says `Style(.statusWarn)` looks right in every theme, including
/// monochrome. Explicit colours are ignored on monochrome terminals; explicit attributes are added
/// to the role's in every mode.
public struct Style: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// What the cell is; the theme maps it to colours.
    public var role: Role
    /// A foreground colour that overrides the role's (colour terminals only).
    public var foreground: Color?
    /// A background colour that overrides the role's (colour terminals only).
    public var background: Color?
    /// Attributes added to the role's.
    public var attributes: Attributes

    /// A style for `role`, with optional overrides.
    public init(_ role: Role, foreground: Color? = nil, background: Color? = nil, attributes: Attributes = []) {
        self.role = role
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// A style from a dotted role name: `let warn: Style = "status.warn"`.
    public init(stringLiteral value: String) { self.init(Role(value)) }

    /// Ordinary text.
    public static let text = Style(.text)

    /// This style with `attributes` added.
    public func adding(_ extra: Attributes) -> Style {
        var s = self
        s.attributes.formUnion(extra)
        return s
    }

    public var description: String {
        var parts = [role.name]
        if let f = foreground { parts.append("fg=\(f)") }
        if let b = background { parts.append("bg=\(b)") }
        if !attributes.isEmpty { parts.append("+\(attributes)") }
        return parts.joined(separator: " ")
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
