import TerminalKit

/// How the dashboard writes dates, identifiers, addresses and figures (the way UK officers read
/// them). Public so the command line writes the same figures the same way.
public enum Format {
    /// "2025-05-01" → "01/05/2025"; anything else unchanged; nil → "—".
    static func date(_ iso: String?) -> String {
        guard let iso else { return "—" }
        let p = iso.prefix(10).split(separator: "-")
        return p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : iso
    }

    /// The calendar day of an ISO date or timestamp ("2026-10-30", "2026-10-30T18:05:12Z").
    static func day(_ iso: String?) -> CalendarDay? {
        guard let iso else { return nil }
        let p = iso.prefix(10).split(separator: "-")
        guard p.count == 3, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    /// A date an officer typed, "26/10/2026" or "2026-10-26", as "2026-10-26"; nil when it is
    /// not a real date.
    static func typedDate(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
        let (y, m, d) = parts[0].count == 4 ? (a, b, c) : (c, b, a)
        guard let day = CalendarDay(year: y, month: m, day: d) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day.year)-\(two(day.month))-\(two(day.day))"
    }

    /// A date typed into a prompt where an empty field means today; nil when it is not a date.
    static func typedDay(_ text: String, today: CalendarDay) -> CalendarDay? {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? today : day(typedDate(text))
    }

    /// "28/10/1955 (71)".
    static func born(_ dob: String?, age: Int?) -> String {
        guard let dob else { return "—" }
        return date(dob) + (age.map { " (\($0))" } ?? "")
    }

    /// A UPRN as the gazetteer prints it: 12 digits with leading zeros.
    static func uprn(_ u: Int64) -> String {
        let s = String(u)
        return s.count >= 12 ? s : String(repeating: "0", count: 12 - s.count) + s
    }

    /// Thousands separated: 12,345.
    public static func count(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A tenure as officers say it: "private_rented" → "private rented".
    public static func tenure(_ t: String) -> String {
        switch t {
        case "private_rented": return "private rented"
        case "social_rented": return "social rented"
        case "owner_occupied": return "owner occupied"
        default: return t.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// A count and its noun, singular for one: "1 event", "2 events", "1,200 linked records"
    /// (`many` for a plural that is not the noun plus "s": "1 entry", "3 entries").
    public static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(count(n)) \(n == 1 ? one : many ?? one + "s")"
    }

    /// A role as an officer reads it after "is now": its label with the right article
    /// ("an Enforcement officer", "a Housing officer").
    public static func withArticle(_ label: String) -> String {
        guard let first = label.lowercased().first else { return label }
        return ("aeiou".contains(first) ? "an " : "a ") + label
    }

    /// "today", "1 day ago", "12 days ago" (or "in 3 days" for a clock that is behind).
    static func daysAgo(_ days: Int) -> String {
        switch days {
        case 0: return "today"
        case 1: return "1 day ago"
        case 2...: return "\(days) days ago"
        case -1: return "tomorrow"
        default: return "in \(-days) days"
        }
    }

    /// The part of an address a person says: up to and including the numbered street
    /// ("Flat 2, Rose Court, 2 High Street, Eastbridge, E17 7LD" → "Flat 2, Rose Court, 2 High Street").
    static func shortAddress(_ address: String) -> String {
        let parts = address.components(separatedBy: ", ")
        var out: [String] = []
        for p in parts.prefix(3) {
            out.append(p)
            if let first = p.first, first.isNumber { break }
        }
        if out.count == 3, let first = out.last?.first, !first.isNumber { out = Array(parts.prefix(2)) }
        return out.joined(separator: ", ")
    }

    /// A match confidence as officers read it: "0.998".
    static func confidence(_ c: Double?) -> String {
        guard let c else { return "—" }
        let thousandths = Int((c * 1000).rounded())
        let frac = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }

    /// A score or ranking value as a whole number, rounded to the nearest (121.6 → "122"), so
    /// the dashboard and the command line show the same figure.
    public static func score(_ v: Double) -> String {
        guard v.isFinite else { return "—" }
        return String(Int(v.rounded()))
    }

    /// A link weight with its sign: "+6.2", "-1.5".
    static func weight(_ w: Double) -> String {
        let tenths = Int((w * 10).rounded())
        let sign = tenths < 0 ? "-" : "+"
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}

/// Punctuation that has a plain-ASCII form for screen readers and ASCII terminals.
struct Glyphs {
    var crumb: String
    var dot: String
    var openQuote: String
    var closeQuote: String
    var dash: String

    /// Typographic quotes and dashes as ASCII in plain mode (for the breadcrumb and messages).
    func ascii(_ text: String) -> String {
        guard crumb == " > " else { return text }
        var out = ""
        for c in text {
            switch c {
            case "\u{2018}", "\u{2019}": out.append("'")
            case "\u{201C}", "\u{201D}": out.append("\"")
            case "\u{2014}", "\u{2013}": out.append("-")
            case "\u{2026}": out.append("...")
            case "\u{2192}": out.append("Right")
            case "\u{2190}": out.append("Left")
            case "\u{2191}": out.append("Up")
            case "\u{2193}": out.append(out.hasSuffix("Up") ? "/Down" : "Down")
            case "\u{203A}": out.append(">")
            case "\u{00B7}": out.append("|")
            default: out.append(c)
            }
        }
        return out
    }

    init(_ symbols: Symbols) {
        if symbols.isASCII {
            crumb = " > "; dot = " | "; openQuote = "'"; closeQuote = "'"; dash = "-"
        } else {
            crumb = " › "; dot = " · "; openQuote = "‘"; closeQuote = "’"; dash = "—"
        }
    }
}

extension Role {
    /// The top bar's product name.
    static let appName: Role = "title"
    /// A breadcrumb that is not the current screen.
    static let crumb: Role = "text.dim"
    /// The current screen in the breadcrumb.
    static let crumbCurrent: Role = "text.emphasis"
    /// A label in a details list.
    static let label: Role = "text.dim"
}
