import Foundation

/// Text transformations that source systems apply to names and addresses.
enum Text {
    /// Letters that canonical decomposition leaves alone but ASCII-only systems still flatten.
    private static let special: [Unicode.Scalar: String] = [
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ø": "O", "ø": "o", "ß": "ss", "Æ": "AE", "æ": "ae",
        "Œ": "OE", "œ": "oe",
    ]

    /// Strips diacritics ("Nguyễn" → "Nguyen", "Łukasz" → "Lukasz"); non-Latin scripts are kept.
    static func fold(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        var out = String.UnicodeScalarView()
        for u in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x300...0x36F).contains(u.value) { continue }
            if let r = special[u] { out.append(contentsOf: r.unicodeScalars) } else { out.append(u) }
        }
        return String(out)
    }

    /// Canonically decomposed form (NFD): the same text, different bytes, as macOS-origin files have it.
    static func decomposed(_ s: String) -> String { s.decomposedStringWithCanonicalMapping }

    /// Upper case; ASCII fast path.
    static func upper(_ s: String) -> String {
        var ascii = true
        for b in s.utf8 where b >= 0x80 { ascii = false; break }
        if !ascii { return s.uppercased() }
        var bytes = Array(s.utf8)
        for i in bytes.indices where bytes[i] >= 97 && bytes[i] <= 122 { bytes[i] -= 32 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lower case; ASCII fast path.
    static func lower(_ s: String) -> String {
        var ascii = true
        for b in s.utf8 where b >= 0x80 { ascii = false; break }
        if !ascii { return s.lowercased() }
        var bytes = Array(s.utf8)
        for i in bytes.indices where bytes[i] >= 65 && bytes[i] <= 90 { bytes[i] += 32 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// "o'BRIEN-smith" → "O'Brien-Smith": capitalises after spaces, hyphens and apostrophes.
    static func titleCase(_ s: String) -> String {
        var out = ""
        var startOfWord = true
        for ch in s {
            if startOfWord { out += ch.uppercased() } else { out += ch.lowercased() }
            startOfWord = ch == " " || ch == "-" || ch == "'"
        }
        return out
    }

    /// Fixed-width decimal with leading zeros.
    static func pad(_ v: Int, _ width: Int) -> String {
        var bytes: [UInt8] = []
        appendPadded(v, width, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends a non-negative integer in decimal, zero-padded to `width`.
    @inline(__always) static func appendPadded(_ v: Int, _ width: Int, to out: inout [UInt8]) {
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v < 0 ? -v : v
        withUnsafeMutableBytes(of: &tmp) { buf in
            repeat { buf[n] = UInt8(48 + x % 10); x /= 10; n += 1 } while x > 0 && n < 20
            while n < width && n < 20 { buf[n] = 48; n += 1 }
            if v < 0 { out.append(45) }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }

    /// Pence as "1234.50", or "£1,234.50" with `pound` and grouping.
    static func money(pence: Int, pound: Bool = false, grouped: Bool = false) -> String {
        let neg = pence < 0
        let p = abs(pence)
        var whole = String(p / 100)
        if grouped && whole.count > 3 {
            var chars = Array(whole)
            var i = chars.count - 3
            while i > 0 { chars.insert(",", at: i); i -= 3 }
            whole = String(chars)
        }
        return (neg ? "-" : "") + (pound ? "£" : "") + whole + "." + pad(p % 100, 2)
    }

    /// Decimetres as metres with one decimal ("538123.4").
    static func metres(decimetres v: Int) -> String { String(v / 10) + "." + String(v % 10) }
}
