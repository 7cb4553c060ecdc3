import TOMLKit

/// One problem found in a theme file, with where it is.
public struct ThemeDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The file (path or display name) the problem is in.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// What is wrong, and what to do about it.
    public var message: String

    /// A problem in `file` at `line` and `column` (1-based, when known).
    public init(file: String, line: Int?, column: Int?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form editors and terminals link to.
    public var description: String {
        var s = file
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        return s + ": " + message
    }
}

/// A theme file that could not be used, with every problem found in it.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var diagnostics: [ThemeDiagnostic]

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Reads theme TOML into a ``Theme``, reporting problems by file, line and column.
public enum ThemeParser {
    static let propertyKeys = ["fg", "bg", "fg8", "bg8", "attrs", "mono"]
    static let topLevelKeys = ["name", "description"]

    /// Parses theme source text.
    ///
    /// - Parameters:
    ///   - source: The TOML text.
    ///   - file: How to name the file in messages.
    ///   - knownRoles: The role names a theme may use; a name outside it (a typo such as
    ///     `risk.hihg`) is an error. Pass nil to accept any name.
    /// - Throws: ``ThemeError`` listing every problem, each with its line.
    public static func parse(_ source: String, file: String, knownRoles: Set<String>?) throws(ThemeError) -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw ThemeError(diagnostics: [ThemeDiagnostic(
                file: file, line: error.source.begin.line, column: error.source.begin.column,
                message: "not valid TOML: \(error.description)")])
        } catch {
            throw ThemeError(diagnostics: [ThemeDiagnostic(file: file, line: nil, column: nil,
                                                           message: "not valid TOML: \(error)")])
        }

        let locator = SourceLocator(source)
        var problems: [ThemeDiagnostic] = []
        func problem(_ message: String, _ location: (line: Int, column: Int)?) {
            problems.append(ThemeDiagnostic(file: file, line: location?.line, column: location?.column, message: message))
        }

        var name = ""
        var summary = ""
        var entries: [String: ThemeEntry] = [:]

        func readColor(_ value: TOMLValueConvertible, key: String, path: [String]) -> Color? {
            if let n = value.int {
                if (0...255).contains(n) { return Color(n) }
                problem("\(key) = \(n) in [\(path.joined(separator: "."))] is out of range: use 0-255",
                        locator.property(key, in: path))
                return nil
            }
            if let s = value.string {
                if let c = Color(parsing: s) {
                    if key.hasSuffix("8") && c.index > 7 {
                        problem("\(key) = \"\(s)\" in [\(path.joined(separator: "."))] is not one of the 8 basic colours: use black, red, green, yellow, blue, magenta, cyan, white or default",
                                locator.property(key, in: path))
                        return nil
                    }
                    return c
                }
                problem("unknown colour \"\(s)\" for \(key) in [\(path.joined(separator: "."))]: use 0-255, a name such as \"red\" or \"bright-blue\", \"#rrggbb\", or \"default\"",
                        locator.property(key, in: path))
                return nil
            }
            problem("\(key) in [\(path.joined(separator: "."))] must be a number 0-255 or a string, not a \(value.type)",
                    locator.property(key, in: path))
            return nil
        }

        func readAttributes(_ value: TOMLValueConvertible, key: String, path: [String]) -> Attributes? {
            guard let array = value.array else {
                problem("\(key) in [\(path.joined(separator: "."))] must be a list such as [\"bold\", \"underline\"]",
                        locator.property(key, in: path))
                return nil
            }
            var attrs: Attributes = []
            for item in array {
                guard let word = item.string else {
                    problem("\(key) in [\(path.joined(separator: "."))] must hold only strings", locator.property(key, in: path))
                    return nil
                }
                guard let a = Attributes.named.first(where: { $0.0 == word.lowercased() })?.1 else {
                    problem("unknown attribute \"\(word)\" in [\(path.joined(separator: "."))]: use bold, dim, italic, underline or reverse",
                            locator.property(key, in: path))
                    return nil
                }
                attrs.insert(a)
            }
            return attrs
        }

        func readRole(_ table: TOMLTable, path: [String]) {
            let roleName = path.joined(separator: ".")
            if let known = knownRoles, !known.contains(roleName) {
                var message = "unknown role \"\(roleName)\""
                if let suggestion = closest(roleName, in: known) { message += " (did you mean \"\(suggestion)\"?)" }
                message += "; the roles an app uses are listed in the built-in default theme"
                problem(message, locator.role(path))
                return
            }
            var entry = ThemeEntry()
            var hasProperty = false
            for key in table.keys.sorted() {
                guard let value = table[key] else { continue }
                if let child = value.table, !ThemeParser.propertyKeys.contains(key) {
                    readRole(child, path: path + [key])
                    continue
                }
                hasProperty = true
                switch key {
                case "fg": entry.foreground = readColor(value, key: key, path: path)
                case "bg": entry.background = readColor(value, key: key, path: path)
                case "fg8": entry.foreground8 = readColor(value, key: key, path: path)
                case "bg8": entry.background8 = readColor(value, key: key, path: path)
                case "attrs": entry.attributes = readAttributes(value, key: key, path: path)
                case "mono": entry.monochrome = readAttributes(value, key: key, path: path)
                default:
                    problem("unknown property \"\(key)\" in [\(roleName)]: a role may set fg, bg, fg8, bg8, attrs and mono",
                            locator.property(key, in: path))
                }
            }
            if hasProperty { entries[roleName] = entry }
        }

        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            switch key {
            case "name":
                if let s = value.string { name = s } else { problem("name must be a string", locator.property(key, in: [])) }
            case "description":
                if let s = value.string { summary = s } else { problem("description must be a string", locator.property(key, in: [])) }
            default:
                if let t = value.table {
                    readRole(t, path: [key])
                } else {
                    problem("unknown setting \"\(key)\": a theme has name, description, and one [section] per role",
                            locator.property(key, in: []))
                }
            }
        }

        if !problems.isEmpty {
            problems.sort { ($0.line ?? Int.max, $0.column ?? 0) < ($1.line ?? Int.max, $1.column ?? 0) }
            throw ThemeError(diagnostics: problems)
        }
        if name.isEmpty {
            let base = file.split(separator: "/").last.map(String.init) ?? file
            name = base.hasSuffix(".toml") ? String(base.dropLast(5)) : base
        }
        return Theme(name: name, summary: summary, entries: entries)
    }

    /// The known name nearest to `name` by edit distance, if it is close enough to be a typo.
    static func closest(_ name: String, in candidates: Set<String>) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = editDistance(Array(name), Array(c))
            if d <= max(2, name.count / 4), best == nil || d < best!.1 || (d == best!.1 && c < best!.0) {
                best = (c, d)
            }
        }
        return best?.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// Finds where a table or key is written in TOML source, for messages. TOMLKit reports positions
/// only for syntax errors, so meaning-level problems are located by reading the lines.
struct SourceLocator {
    let lines: [Substring]

    init(_ source: String) {
        lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The normalised dotted path of a `[header]` line, or nil if the line is not one.
    private func header(_ line: Substring) -> String? {
        let t = line.drop(while: { $0 == " " || $0 == "\t" })
        guard t.hasPrefix("["), !t.hasPrefix("[["), let close = t.firstIndex(of: "]") else { return nil }
        return String(t[t.index(after: t.startIndex)..<close]).filter { $0 != " " && $0 != "\"" && $0 != "'" && $0 != "\t" }
    }

    /// The key a `key = value` line assigns, normalised, or nil.
    private func assignedKey(_ line: Substring) -> (key: String, column: Int)? {
        let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
        let t = line.dropFirst(indent)
        guard !t.hasPrefix("#"), !t.hasPrefix("["), let eq = t.firstIndex(of: "=") else { return nil }
        let key = String(t[..<eq]).filter { $0 != " " && $0 != "\"" && $0 != "'" && $0 != "\t" }
        return key.isEmpty ? nil : (key, indent + 1)
    }

    /// Where the table for `path` starts: its `[a.b]` header, or `b = {` inside `[a]`.
    func role(_ path: [String]) -> (line: Int, column: Int)? {
        let dotted = path.joined(separator: ".")
        for (i, line) in lines.enumerated() where header(line) == dotted {
            return (i + 1, 1)
        }
        // An inline table or dotted key inside a parent section.
        for split in stride(from: path.count - 1, through: 0, by: -1) {
            let section = path[..<split].joined(separator: ".")
            let key = path[split...].joined(separator: ".")
            var current = ""
            for (i, line) in lines.enumerated() {
                if let h = header(line) { current = h; continue }
                if current == section, let a = assignedKey(line), a.key == key || a.key.hasPrefix(key + ".") {
                    return (i + 1, a.column)
                }
            }
        }
        return nil
    }

    /// Where `key` is assigned inside the table for `path` (or on its inline-table line).
    func property(_ key: String, in path: [String]) -> (line: Int, column: Int)? {
        let dotted = path.joined(separator: ".")
        var current = ""
        for (i, line) in lines.enumerated() {
            if let h = header(line) { current = h; continue }
            if current == dotted, let a = assignedKey(line), a.key == key { return (i + 1, a.column) }
        }
        // Inline table: `name = { fg = 1 }` on the role's own line.
        if let start = role(path) {
            let line = lines[start.line - 1]
            if let range = line.range(of: key) {
                return (start.line, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
            return start
        }
        return nil
    }
}

extension Substring {
    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
