/// A calendar date without time or zone: what council extracts record.
///
/// Stored as a day number so comparisons and differences are integer arithmetic; printed as ISO.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let dayNumber: Int32

    /// A date from its day number.
    public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// A date from year, month and day, or nil when that day does not exist (31 February).
    public init?(year: Int, month: Int, day: Int) {
        guard year >= 1 && year <= 9999, month >= 1 && month <= 12, day >= 1,
              day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.dayNumber = Int32(CivilDate.daysFromCivil(year, month, day))
    }

    /// Parses "yyyy-MM-dd".
    public init?(iso: String) {
        let u = Array(iso.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard u[i] >= 48 && u[i] <= 57 else { return nil }; v = v * 10 + Int(u[i] - 48) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) { CivilDate.civilFromDays(Int(dayNumber)) }
    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// "yyyy-MM-dd".
    public var iso: String {
        let (y, m, d) = components
        var out = [UInt8](repeating: 48, count: 10)
        var yy = y
        for i in stride(from: 3, through: 0, by: -1) { out[i] = UInt8(48 + yy % 10); yy /= 10 }
        out[4] = 45; out[5] = UInt8(48 + m / 10); out[6] = UInt8(48 + m % 10)
        out[7] = 45; out[8] = UInt8(48 + d / 10); out[9] = UInt8(48 + d % 10)
        return String(decoding: out, as: UTF8.self)
    }

    /// "dd/MM/yyyy", the way UK officers read dates.
    public var ukFormat: String {
        let (y, m, d) = components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(d))/\(two(m))/\(y)"
    }

    public var description: String { iso }

    /// This date moved by a number of days.
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + Int32(days)) }

    /// Days from this date to another (positive when `other` is later).
    public func days(to other: CivilDate) -> Int { Int(other.dayNumber - dayNumber) }

    /// Whole years from this date to `other`: an age when this is a date of birth.
    public func years(to other: CivilDate) -> Int {
        let a = components, b = other.components
        var years = b.year - a.year
        if b.month < a.month || (b.month == a.month && b.day < a.day) { years -= 1 }
        return years
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = CivilDate(iso: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO date: \(s)")
        }
        self = d
    }

    // MARK: calendar arithmetic (Howard Hinnant's days_from_civil)

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
