import Foundation

/// The outcome of loading a theme: the theme to use, and any problems to tell the user about.
///
/// Loading never fails: a missing or bad theme file gives the default theme plus diagnostics
/// saying which file, which line, and what is wrong.
public struct ThemeLoad: Sendable {
    /// The theme to use (the default theme when the requested one could not be loaded).
    public var theme: Theme
    /// Problems found, each with file and line; empty when all went well.
    public var diagnostics: [ThemeDiagnostic]
    /// Where the theme came from: `"built-in"` or the file path.
    public var origin: String

    /// Whether the requested theme was replaced by the default because of a problem.
    public var fellBack: Bool { !diagnostics.isEmpty }
}

/// Finds themes by name: the user's own files first, then the built-in ones.
///
/// A user theme lives at `$XDG_CONFIG_HOME/<app>/themes/NAME.toml`, or
/// `~/.config/<app>/themes/NAME.toml` when `XDG_CONFIG_HOME` is unset, so a user can copy a
/// built-in theme from `themes/` and edit it. Built-in themes are compiled into the binary and
/// work from any directory.
public struct ThemeCatalog: Sendable {
    /// The app's directory name under the config directory (for example `"warden"`).
    public var appName: String
    /// The environment to read `XDG_CONFIG_HOME` and `HOME` from.
    public var environment: [String: String]
    /// Role names a theme file may use: those in the built-in default theme plus any the app adds.
    public var knownRoles: Set<String>

    /// A catalog for `appName`, reading the process environment unless told otherwise.
    public init(appName: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                extraRoles: Set<String> = []) {
        self.appName = appName
        self.environment = environment
        self.knownRoles = Theme.default.roleNames.union(extraRoles)
    }

    /// The directory user themes are read from, or nil when neither `XDG_CONFIG_HOME` nor `HOME` is set.
    public var userDirectory: String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return xdg + "/" + appName + "/themes"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.config/" + appName + "/themes"
        }
        return nil
    }

    /// Every theme name that can be loaded: built-in ones in cycling order, then the user's own.
    public func availableNames() -> [String] {
        var names = Theme.builtInNames
        if let dir = userDirectory, let files = try? FileManager.default.contentsOfDirectory(atPath: dir) {
            for f in files.sorted() where f.hasSuffix(".toml") {
                let n = String(f.dropLast(5))
                if !names.contains(n) { names.append(n) }
            }
        }
        return names
    }

    /// The theme after `name` in ``availableNames()``, wrapping round; for a theme-cycling key.
    public func name(after name: String) -> String {
        let names = availableNames()
        guard let i = names.firstIndex(of: name) else { return names.first ?? "default" }
        return names[(i + 1) % names.count]
    }

    /// Loads a theme by name (user file, then built-in) or by path (anything with a "/" or ending in ".toml").
    public func load(_ nameOrPath: String) -> ThemeLoad {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            return loadFile(nameOrPath)
        }
        if let dir = userDirectory {
            let path = dir + "/" + nameOrPath + ".toml"
            if FileManager.default.fileExists(atPath: path) { return loadFile(path) }
        }
        if let theme = Theme.builtIn(nameOrPath) {
            return ThemeLoad(theme: theme, diagnostics: [], origin: "built-in")
        }
        var message = "no theme named \"\(nameOrPath)\"; built-in themes are \(Theme.builtInNames.joined(separator: ", "))"
        if let dir = userDirectory { message += ", and your own go in \(dir)/NAME.toml" }
        message += "; using the default theme"
        return ThemeLoad(theme: .default, diagnostics: [ThemeDiagnostic(file: nameOrPath, line: nil, column: nil, message: message)],
                         origin: "built-in")
    }

    /// Parses theme source text (already read) with this catalog's known roles, falling back to the default theme.
    public func load(source: String, file: String) -> ThemeLoad {
        do {
            let theme = try ThemeParser.parse(source, file: file, knownRoles: knownRoles)
            return ThemeLoad(theme: theme, diagnostics: [], origin: file)
        } catch {
            var diagnostics = error.diagnostics
            diagnostics.append(ThemeDiagnostic(file: file, line: nil, column: nil,
                                               message: "theme not used; using the default theme until this is fixed"))
            return ThemeLoad(theme: .default, diagnostics: diagnostics, origin: "built-in")
        }
    }

    private func loadFile(_ path: String) -> ThemeLoad {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ThemeLoad(theme: .default, diagnostics: [ThemeDiagnostic(
                file: path, line: nil, column: nil, message: "cannot read the theme file; using the default theme")],
                             origin: "built-in")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return ThemeLoad(theme: .default, diagnostics: [ThemeDiagnostic(
                file: path, line: nil, column: nil, message: "the theme file is not UTF-8 text; using the default theme")],
                             origin: "built-in")
        }
        return load(source: text, file: path)
    }
}
