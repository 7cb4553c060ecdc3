import WardenLinkage

/// An error an officer or data manager reads: what was wrong, where, and what to do.
///
/// Every error that reaches the command line or the dashboard is one of these (or is wrapped in
/// one), so messages look alike: `file:line: field: problem — what to do`.
public struct UserFacingError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String?
    public var line: Int?
    public var field: String?
    public var problem: String
    public var remedy: String?

    public init(file: String? = nil, line: Int? = nil, field: String? = nil, problem: String, remedy: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
        self.remedy = remedy
    }

    public var description: String {
        var where_ = ""
        if let file { where_ += file }
        if let line { where_ += where_.isEmpty ? "line \(line)" : ":\(line)" }
        var s = where_.isEmpty ? "" : where_ + ": "
        if let field { s += "\(field): " }
        s += problem
        if let remedy { s += " — " + remedy }
        return s
    }
}

/// Several problems found in one pass (a manifest with three typos reports all three).
public struct UserFacingErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [UserFacingError]
    public init(_ errors: [UserFacingError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Small edit distance for "did you mean" suggestions in configuration files.
enum Suggest {
    static func closest(_ word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for c in candidates {
            let d = StringMetrics.damerauLevenshtein(word.lowercased(), c.lowercased())
            if d <= max(2, word.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    static func hint(_ word: String, in candidates: some Sequence<String>) -> String? {
        closest(word, in: candidates).map { "did you mean \"\($0)\"?" }
    }
}
