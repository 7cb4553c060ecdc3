/// Phonetic keys for blocking: names that sound alike share a key, so a typo in a surname
/// ("Smyth", "Smith") does not hide a pair from comparison.
public enum Phonetic {

    /// American Soundex of a folded name ("robert" → "R163"). Letters outside a–z are skipped;
    /// a name with no a–z letter (e.g. "李小龍") returns the name itself, so it still blocks exactly.
    public static func soundex(_ folded: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4)
        var lastCode: UInt8 = 0
        var first = true
        for u in folded.utf8 {
            guard u >= 97 && u <= 122 else { continue }
            let code = soundexCode[Int(u - 97)]
            if first {
                out.append(u - 32)
                lastCode = code
                first = false
                continue
            }
            if code == 0 {
                // vowels reset the run; h and w do not
                if u != 104 && u != 119 { lastCode = 0 }
                continue
            }
            if code != lastCode {
                out.append(48 + code)
                if out.count == 4 { break }
            }
            lastCode = code
        }
        if out.isEmpty { return folded }
        while out.count < 4 { out.append(48) }
        return String(decoding: out, as: UTF8.self)
    }

    // a b c d e f g h i j k l m n o p q r s t u v w x y z
    private static let soundexCode: [UInt8] = [0, 1, 2, 3, 0, 1, 2, 0, 0, 2, 2, 4, 5, 5, 0, 1, 2, 6, 2, 3, 0, 1, 0, 2, 0, 2]
}
