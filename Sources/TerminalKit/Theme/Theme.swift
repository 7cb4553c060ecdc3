/// How many colours the terminal can show, which decides how a theme is applied.
public enum ColorMode: Hashable, Sendable, CustomStringConvertible {
    /// The 256-colour palette: the theme's `fg`/`bg`.
    case colors256
    /// The 8 basic colours: the theme's `fg8`/`bg8` (or the nearest basic colour).
    case colors8
    /// No colour: only the theme's `mono` attributes (bold, underline, reverse...).
    case monochrome

    /// Chooses the mode for a terminal reporting `terminalColors` colours.
    ///
    /// `NO_COLOR` set to anything but the empty string means monochrome (https://no-color.org).
    public static func detect(terminalColors: Int, environment: [String: String]) -> ColorMode {
        if let v = environment["NO_COLOR"], !v.isEmpty { return .monochrome }
        if terminalColors >= 256 { return .colors256 }
        if terminalColors >= 8 { return .colors8 }
        return .monochrome
    }

    public var description: String {
        switch self {
        case .colors256: return "256 colours"
        case .colors8: return "8 colours"
        case .monochrome: return "monochrome"
        }
    }
}

/// What a theme says about one role; any property may be absent and is then inherited.
public struct ThemeEntry: Hashable, Sendable {
    /// Foreground on 256-colour terminals.
    public var foreground: Color?
    /// Background on 256-colour terminals.
    public var background: Color?
    /// Foreground on 8-colour terminals.
    public var foreground8: Color?
    /// Background on 8-colour terminals.
    public var background8: Color?
    /// Attributes in colour modes.
    public var attributes: Attributes?
    /// Attributes in monochrome mode.
    public var monochrome: Attributes?

    /// An entry; every property optional.
    public init(foreground: Color? = nil, background: Color? = nil, foreground8: Color? = nil,
                background8: Color? = nil, attributes: Attributes? = nil, monochrome: Attributes? = nil) {
        self.foreground = foreground
        self.background = background
        self.foreground8 = foreground8
        self.background8 = background8
        self.attributes = attributes
        self.monochrome = monochrome
    }

    /// This entry with its implied values made explicit: 8-colour values from 256-colour ones,
    /// monochrome attributes from colour ones. Done per entry, so a role that sets `fg` does not
    /// inherit its parent's `fg8`.
    var normalized: ThemeEntry {
        var e = self
        if e.foreground8 == nil { e.foreground8 = e.foreground?.basic }
        if e.background8 == nil { e.background8 = e.background?.basic }
        if e.monochrome == nil { e.monochrome = e.attributes }
        return e
    }
}

/// Concrete colours and attributes for one cell, after a theme and colour mode are applied.
public struct ResolvedStyle: Hashable, Sendable, CustomStringConvertible {
    /// Foreground (``Color/terminalDefault`` in monochrome).
    public var foreground: Color
    /// Background (``Color/terminalDefault`` in monochrome).
    public var background: Color
    /// Attributes.
    public var attributes: Attributes

    /// A resolved style from its parts.
    public init(foreground: Color, background: Color, attributes: Attributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public var description: String { "fg=\(foreground) bg=\(background) \(attributes)" }
}

/// A mapping from semantic roles to colours and attributes, as htop's colour schemes map its
/// colour elements; loaded from a TOML file (see `themes/default.toml` for the format).
public struct Theme: Hashable, Sendable {
    /// The theme's name (`"default"`, `"high-contrast"`, or a user's file name).
    public var name: String
    /// One line saying what the theme is for.
    public var summary: String
    /// Entries by role name, as written in the file (before inheritance).
    public var entries: [String: ThemeEntry]

    /// A theme with the given entries.
    public init(name: String, summary: String = "", entries: [String: ThemeEntry]) {
        self.name = name
        self.summary = summary
        self.entries = entries.mapValues(\.normalized)
    }

    /// The entry for `role` with everything it inherits from its parents and from `text` filled in.
    public func entry(for role: Role) -> ThemeEntry {
        var result = ThemeEntry()
        var chain: [String] = []
        var r: Role? = role
        while let current = r {
            chain.append(current.name)
            r = current.parent
        }
        if chain.last != Role.text.name { chain.append(Role.text.name) }
        for name in chain {
            guard let e = entries[name] else { continue }
            if result.foreground == nil { result.foreground = e.foreground }
            if result.background == nil { result.background = e.background }
            if result.foreground8 == nil { result.foreground8 = e.foreground8 }
            if result.background8 == nil { result.background8 = e.background8 }
            if result.attributes == nil { result.attributes = e.attributes }
            if result.monochrome == nil { result.monochrome = e.monochrome }
        }
        return result
    }

    /// The colours and attributes a cell in `style` gets in `mode`.
    public func resolve(_ style: Style, mode: ColorMode) -> ResolvedStyle {
        let e = entry(for: style.role)
        switch mode {
        case .colors256:
            return ResolvedStyle(
                foreground: style.foreground ?? e.foreground ?? .terminalDefault,
                background: style.background ?? e.background ?? .terminalDefault,
                attributes: (e.attributes ?? []).union(style.attributes))
        case .colors8:
            return ResolvedStyle(
                foreground: style.foreground?.basic ?? e.foreground8 ?? .terminalDefault,
                background: style.background?.basic ?? e.background8 ?? .terminalDefault,
                attributes: (e.attributes ?? []).union(style.attributes))
        case .monochrome:
            return ResolvedStyle(foreground: .terminalDefault, background: .terminalDefault,
                                 attributes: (e.monochrome ?? []).union(style.attributes))
        }
    }

    /// Every role name the theme mentions, including namespaces such as `"risk"` for `"risk.high"`.
    public var roleNames: Set<String> {
        var names = Set<String>()
        for key in entries.keys {
            var r: Role? = Role(key)
            while let current = r {
                names.insert(current.name)
                r = current.parent
            }
        }
        return names
    }
}

extension Theme {
    /// The built-in default theme (compiled in from `themes/default.toml`).
    public static let `default`: Theme = builtIn("default")!

    /// The built-in monochrome theme.
    public static let monochrome: Theme = builtIn("monochrome")!

    /// Names of the built-in themes, in cycling order.
    public static var builtInNames: [String] { BuiltinThemes.names }

    /// A built-in theme by name, or nil if there is none by that name.
    public static func builtIn(_ name: String) -> Theme? {
        guard let source = BuiltinThemes.sources[name] else { return nil }
        // Built-in themes are checked by the test suite, so a failure here is a build defect.
        return try? ThemeParser.parse(source, file: "themes/\(name).toml", knownRoles: nil)
    }

    /// The source text of a built-in theme: what a user copies to start their own.
    public static func builtInSource(_ name: String) -> String? {
        BuiltinThemes.sources[name].map { $0 + "\n" }
    }
}
