/// Validation and normalisation of the UK identifiers that council extracts carry.
///
/// Every function here is pure and allocation-light: ingest calls them for millions of fields.
public enum UKIdentifiers {

    // MARK: NHS number

    /// The modulus-11 check digit for the first nine digits of an NHS number, or nil when the
    /// nine digits cannot carry one (remainder 10: such numbers are never issued).
    public static func nhsCheckDigit(_ nineDigits: [Int]) -> Int? {
        precondition(nineDigits.count == 9)
        var total = 0
        for (i, d) in nineDigits.enumerated() { total += d * (10 - i) }
        let check = 11 - (total % 11)
        if check == 11 { return 0 }
        if check == 10 { return nil }
        return check
    }

    /// Why an NHS number failed validation.
    public enum NHSProblem: String, Sendable {
        case wrongLength = "an NHS number has 10 digits"
        case notDigits = "an NHS number holds only digits (spaces and dashes allowed)"
        case badCheckDigit = "the NHS number's check digit is wrong (modulus 11)"
    }

    /// Normalises an NHS number to its ten digits, or says why it is not one.
    /// Spaces and dashes are allowed between digits ("943 476 5919").
    public static func normaliseNHS(_ raw: String) -> Result<String, NHSProblemError> {
        var digits: [Int] = []
        digits.reserveCapacity(10)
        for u in raw.utf8 {
            switch u {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(Int(u) - 48)
            case UInt8(ascii: " "), UInt8(ascii: "-"): continue
            default: return .failure(NHSProblemError(problem: .notDigits))
            }
        }
        guard digits.count == 10 else { return .failure(NHSProblemError(problem: .wrongLength)) }
        guard let check = nhsCheckDigit(Array(digits[0..<9])), check == digits[9] else {
            return .failure(NHSProblemError(problem: .badCheckDigit))
        }
        return .success(String(digits.map { Character(String($0)) }))
    }

    /// An NHS number problem as an `Error`.
    public struct NHSProblemError: Error, Sendable { public let problem: NHSProblem }

    // MARK: National Insurance number

    /// Normalises a National Insurance number to "AB123456C" (suffix optional: "AB123456"),
    /// or returns nil when it is not one. Spaces are ignored; case is folded.
    ///
    /// HMRC rules: the first letter is not D, F, I, Q, U or V; the second not D, F, I, O, Q, U
    /// or V; the prefixes BG, GB, KN, NK, NT, TN and ZZ are not allocated; the suffix is A–D.
    public static func normaliseNINO(_ raw: String) -> String? {
        var chars: [UInt8] = []
        chars.reserveCapacity(9)
        for u in raw.utf8 {
            if u == UInt8(ascii: " ") { continue }
            var c = u
            if c >= 97 && c <= 122 { c -= 32 }
            chars.append(c)
            if chars.count > 9 { return nil }
        }
        guard chars.count == 8 || chars.count == 9 else { return nil }
        func isLetter(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        let a = chars[0], b = chars[1]
        guard isLetter(a), isLetter(b) else { return nil }
        if "DFIQUV".utf8.contains(a) { return nil }
        if "DFIOQUV".utf8.contains(b) { return nil }
        let prefix = String(decoding: [a, b], as: UTF8.self)
        if ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(prefix) { return nil }
        for i in 2..<8 where !isDigit(chars[i]) { return nil }
        if chars.count == 9 {
            guard chars[8] >= 65 && chars[8] <= 68 else { return nil }
        }
        return String(decoding: chars, as: UTF8.self)
    }

    // MARK: Postcode

    /// Normalises a UK postcode to upper case with one space before the inward code
    /// ("e174ab" → "E17 4AB"), or returns nil when its shape is not a postcode.
    ///
    /// Accepted outward shapes: A9, A99, AA9, AA99, A9A, AA9A; inward: 9AA.
    public static func normalisePostcode(_ raw: String) -> String? {
        var chars: [UInt8] = []
        chars.reserveCapacity(8)
        for u in raw.utf8 {
            if u == UInt8(ascii: " ") || u == 9 { continue }
            var c = u
            if c >= 97 && c <= 122 { c -= 32 }
            chars.append(c)
            if chars.count > 7 { return nil }
        }
        guard chars.count >= 5 else { return nil }
        func L(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        func D(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        let n = chars.count
        // inward: digit + two letters
        guard D(chars[n - 3]), L(chars[n - 2]), L(chars[n - 1]) else { return nil }
        let out = Array(chars[0..<(n - 3)])
        let ok: Bool
        switch out.count {
        case 2: ok = L(out[0]) && D(out[1])
        case 3: ok = L(out[0]) && ((D(out[1]) && D(out[2])) || (L(out[1]) && D(out[2])) || (D(out[1]) && L(out[2])))
        case 4: ok = L(out[0]) && L(out[1]) && D(out[2]) && (D(out[3]) || L(out[3]))
        default: ok = false
        }
        guard ok else { return nil }
        return String(decoding: out, as: UTF8.self) + " " + String(decoding: chars[(n - 3)...], as: UTF8.self)
    }

    /// The outward code ("E17") of a normalised postcode.
    public static func outwardCode(_ normalised: String) -> Substring {
        normalised.split(separator: " ", maxSplits: 1).first ?? Substring(normalised)
    }

    /// The sector ("E17 4") of a normalised postcode.
    public static func postcodeSector(_ normalised: String) -> Substring {
        normalised.dropLast(2)
    }

    // MARK: UPRN

    /// Parses a UPRN: 1 to 12 digits (leading zeros allowed, as in "000046067795").
    public static func parseUPRN(_ raw: String) -> Int64? {
        var value: Int64 = 0
        var count = 0
        for u in raw.utf8 {
            if u == UInt8(ascii: " ") { continue }
            guard u >= 48 && u <= 57 else { return nil }
            value = value * 10 + Int64(u - 48)
            count += 1
            if count > 12 { return nil }
        }
        return count == 0 ? nil : value
    }

    /// A UPRN formatted as the 12-digit string councils print.
    public static func formatUPRN(_ uprn: Int64) -> String {
        let s = String(uprn)
        return s.count >= 12 ? s : String(repeating: "0", count: 12 - s.count) + s
    }
}
