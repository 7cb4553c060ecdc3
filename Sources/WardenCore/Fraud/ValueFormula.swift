import Foundation

/// A case's estimated annual value, as a fraud manager writes it in the rule file:
/// `"0.25 * band_charge"`, `"52 * weekly_amount * 0.5"`, `"min(rateable_value, 15000) * 0.499"`, `"250"`.
///
/// Numbers, the quantities in `variables`, `+ - * /`, brackets, `min(a, b)` and `max(a, b)`.
/// A quantity the case does not have (a property without a band) counts as 0.
public indirect enum ValueFormula: Sendable, Equatable {
    case constant(Double)
    case variable(String)
    case unary(Character, ValueFormula)
    case binary(Character, ValueFormula, ValueFormula)
    case call(String, [ValueFormula])

    /// The quantities a formula may use, with what each one is.
    public static let variables: [(name: String, meaning: String)] = [
        ("band_charge", "the annual council tax of the property's band (from [band_charges])"),
        ("weekly_amount", "the claim record's weekly amount (e.g. the rent a housing benefit claim pays)"),
        ("rateable_value", "the claim record's rateable value"),
        ("adults", "the number of adults the case found (other adults, residents, omitted members)"),
        ("properties", "the number of properties in the case (business rates)"),
    ]

    /// A formula that could not be read: what, and at which character (0-based) of the text.
    public struct ParseError: Error, Sendable, Equatable {
        public var offset: Int
        public var problem: String
    }

    /// Reads a formula.
    public static func parse(_ text: String) throws(ParseError) -> ValueFormula {
        var p = Parser(chars: Array(text))
        let f = try p.expression()
        p.skipSpace()
        if p.i < p.chars.count { throw ParseError(offset: p.i, problem: "unexpected \"\(p.chars[p.i])\"") }
        return f
    }

    /// The value for one case; missing quantities are 0. Never negative.
    public func evaluate(_ values: [String: Double]) -> Double {
        func eval(_ f: ValueFormula) -> Double {
            switch f {
            case .constant(let v): return v
            case .variable(let n): return values[n] ?? 0
            case .unary(_, let a): return -eval(a)
            case .binary(let op, let a, let b):
                let x = eval(a), y = eval(b)
                switch op {
                case "+": return x + y
                case "-": return x - y
                case "*": return x * y
                default: return y == 0 ? 0 : x / y
                }
            case .call(let name, let args):
                let v = args.map(eval)
                return name == "min" ? v.min() ?? 0 : v.max() ?? 0
            }
        }
        let v = eval(self)
        return v.isFinite ? max(0, v) : 0
    }

    /// The quantities the formula reads.
    public var variablesUsed: Set<String> {
        switch self {
        case .constant: return []
        case .variable(let n): return [n]
        case .unary(_, let a): return a.variablesUsed
        case .binary(_, let a, let b): return a.variablesUsed.union(b.variablesUsed)
        case .call(_, let args): return args.reduce(into: Set<String>()) { $0.formUnion($1.variablesUsed) }
        }
    }

    private struct Parser {
        let chars: [Character]
        var i = 0

        mutating func skipSpace() { while i < chars.count && chars[i].isWhitespace { i += 1 } }

        mutating func expression() throws(ParseError) -> ValueFormula {
            var left = try term()
            while true {
                skipSpace()
                guard i < chars.count, chars[i] == "+" || chars[i] == "-" else { return left }
                let op = chars[i]; i += 1
                left = .binary(op, left, try term())
            }
        }

        mutating func term() throws(ParseError) -> ValueFormula {
            var left = try factor()
            while true {
                skipSpace()
                guard i < chars.count, chars[i] == "*" || chars[i] == "/" else { return left }
                let op = chars[i]; i += 1
                left = .binary(op, left, try factor())
            }
        }

        mutating func factor() throws(ParseError) -> ValueFormula {
            skipSpace()
            guard i < chars.count else { throw ParseError(offset: i, problem: "the formula ends where a number or quantity should be") }
            let c = chars[i]
            if c == "-" { i += 1; return .unary("-", try factor()) }
            if c == "(" {
                i += 1
                let e = try expression()
                skipSpace()
                guard i < chars.count, chars[i] == ")" else { throw ParseError(offset: i, problem: "a \"(\" is not closed") }
                i += 1
                return e
            }
            if c.isNumber || c == "." {
                let start = i
                while i < chars.count && (chars[i].isNumber || chars[i] == "." || chars[i] == "_" || chars[i] == ",") { i += 1 }
                let text = String(chars[start..<i]).replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")
                guard let v = Double(text) else { throw ParseError(offset: start, problem: "\"\(String(chars[start..<i]))\" is not a number") }
                return .constant(v)
            }
            if c == "£" { i += 1; return try factor() }
            if c.isLetter || c == "_" {
                let start = i
                while i < chars.count && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_") { i += 1 }
                let name = String(chars[start..<i])
                skipSpace()
                if i < chars.count && chars[i] == "(" {
                    guard name == "min" || name == "max" else {
                        throw ParseError(offset: start, problem: "unknown function \"\(name)\" (use min or max)")
                    }
                    i += 1
                    var args: [ValueFormula] = [try expression()]
                    skipSpace()
                    while i < chars.count && chars[i] == "," { i += 1; args.append(try expression()); skipSpace() }
                    guard i < chars.count, chars[i] == ")" else { throw ParseError(offset: i, problem: "\(name)( is not closed") }
                    i += 1
                    return .call(name, args)
                }
                guard ValueFormula.variables.contains(where: { $0.name == name }) else {
                    let hint = Suggest.closest(name, in: ValueFormula.variables.map(\.name)).map { " — did you mean \"\($0)\"?" }
                        ?? " — use " + ValueFormula.variables.map(\.name).joined(separator: ", ")
                    throw ParseError(offset: start, problem: "unknown quantity \"\(name)\"" + hint)
                }
                return .variable(name)
            }
            throw ParseError(offset: i, problem: "unexpected \"\(c)\"")
        }
    }
}
