import Foundation
import GRDB
import WardenLinkage

/// Search across people (names, date of birth, NINO, NHS number, phone, email) and properties
/// (UPRN, postcode, any part of the address): full-text with prefix matching first, and a fuzzy
/// fallback for misspelt names only when exact prefixes find little.
public final class SearchService: @unchecked Sendable {
    /// A person in the results: enough to tell two John Smiths apart.
    public struct PersonHit: Sendable, Codable, Equatable {
        public var id: Int64
        public var name: String
        public var dob: String?
        public var age: Int?
        public var address: String?
        public var postcode: String?
        public var sources: Int
        public var dateOfDeath: String?
    }

    /// A property in the results.
    public struct PropertyHit: Sendable, Codable, Equatable {
        public var uprn: Int64
        public var address: String
        public var ward: String?
        public var occupants: Int
    }

    /// Everything a search found.
    public struct Results: Sendable, Codable, Equatable {
        public var query: String
        public var people: [PersonHit]
        public var properties: [PropertyHit]
        /// Misspelt words that were widened to near spellings, e.g. "smiht" → smith, smit.
        public var corrections: [String: [String]]
        public var fuzzy: Bool { !corrections.isEmpty }
        public static let empty = Results(query: "", people: [], properties: [], corrections: [:])
    }

    private let warehouse: Warehouse
    private let asOf: CivilDate
    private var vocabulary: [String]?
    private let lock = NSLock()

    public init(warehouse: Warehouse) {
        self.warehouse = warehouse
        self.asOf = (try? warehouse.meta("as_of")).flatMap { $0.flatMap(CivilDate.init(iso:)) } ?? CivilDate(year: 2026, month: 10, day: 31)!
    }

    /// Searches as `access` may: people only for roles that see identities (restricted records
    /// shown as such to non-admins), properties for every Warden user. `limit` applies to people
    /// and to properties separately. Not audited here: callers record the settled query.
    public func search(_ text: String, access: Access, limit: Int = 30) throws -> Results {
        guard access.isUser else { throw access.notAUser }
        var r = try search(text, limit: limit, people: access.canSee(.identity))
        if !access.isAdmin && !r.people.isEmpty {
            let restricted = try warehouse.pool.read { db in Set(try Int64.fetchAll(db, sql: "SELECT person_id FROM person_restriction")) }
            r.people = r.people.map { p in
                restricted.contains(p.id) ? PersonHit(id: p.id, name: "Restricted record", dob: nil, age: nil, address: nil, postcode: nil, sources: 0, dateOfDeath: nil) : p
            }
        }
        return r
    }

    func search(_ text: String, limit: Int, people wantPeople: Bool) throws -> Results {
        // A one-letter word ("begum-a" while typing "begum-ahmed") is left out until it grows:
        // a one-character prefix has no prefix index and scans every term (340 ms at 3M people).
        let typed = SearchService.tokens(text)
        let tokens = typed.count > 1 ? typed.filter { $0.count > 1 } : typed
        guard tokens.joined().count >= 2 else { return Results(query: text, people: [], properties: [], corrections: [:]) }
        return try warehouse.pool.read { db in
            var people = wantPeople ? try findPeople(db, tokens: tokens, limit: limit) : []
            var corrections: [String: [String]] = [:]
            if wantPeople && people.count < 3 {
                // Fuzzy fallback: widen the words that are not in the name vocabulary.
                let vocab = try loadVocabulary(db)
                var widened: [[String]] = []
                for t in tokens {
                    if t.count >= 4, t.first!.isLetter, !SearchService.hasPrefix(vocab, t) {
                        let near = SearchService.nearWords(t, in: vocab)
                        if !near.isEmpty { corrections[t] = near; widened.append(near); continue }
                    }
                    widened.append([t])
                }
                if !corrections.isEmpty {
                    let more = try findPeople(db, alternatives: widened, limit: limit, prefixLast: false)
                    let seen = Set(people.map(\.id))
                    people += more.filter { !seen.contains($0.id) }
                }
            }
            let properties = try findProperties(db, tokens: tokens, limit: limit)
            return Results(query: text, people: people, properties: properties, corrections: corrections)
        }
    }

    /// Lower-cased alphanumeric words; a postcode typed without its space, or an identifier
    /// typed with spaces, is recognised as one token.
    static func tokens(_ text: String) -> [String] {
        let cleaned = text.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        var words = String(cleaned).split(separator: " ").map(String.init)
        let joined = words.joined()
        if words.count > 1 {
            if let nino = UKIdentifiers.normaliseNINO(joined) { return [nino.lowercased()] }
            if joined.count == 10, joined.allSatisfy(\.isNumber), (try? UKIdentifiers.normaliseNHS(joined).get()) != nil { return [joined] }
            if joined.count >= 10 && joined.count <= 11 && joined.hasPrefix("0") && joined.allSatisfy(\.isNumber) { return [joined] }
        }
        // "e17 4ab" and "e174ab" both become the compact postcode token the index holds.
        var out: [String] = []
        var i = 0
        while i < words.count {
            if i + 1 < words.count, let pc = UKIdentifiers.normalisePostcode(words[i] + words[i + 1]) {
                out.append(pc.replacingOccurrences(of: " ", with: "").lowercased()); i += 2; continue
            }
            out.append(words[i]); i += 1
        }
        words = out
        return words
    }

    /// The FTS5 expression for tokens: each a quoted prefix term, all required.
    static func matchExpression(_ alternatives: [[String]], prefixLast: Bool = true) -> String {
        alternatives.map { alts in
            let terms = alts.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"" + (prefixLast ? "*" : "") }
            return alts.count == 1 ? terms[0] : "(" + terms.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    func findPeople(_ db: Database, tokens: [String], limit: Int) throws -> [PersonHit] {
        try findPeople(db, alternatives: tokens.map { [$0] }, limit: limit, prefixLast: true)
    }

    func findPeople(_ db: Database, alternatives: [[String]], limit: Int, prefixLast: Bool) throws -> [PersonHit] {
        let expr = SearchService.matchExpression(alternatives, prefixLast: prefixLast)
        let broad = try SearchService.isBroad(db, table: "search_person", expr)
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, p.title, p.given_name, p.middle_names, p.surname, p.dob, p.date_of_death, p.record_count,
                   pr.address, pr.postcode
            FROM (SELECT rowid\(broad ? "" : ", rank") FROM search_person WHERE search_person MATCH ? \(broad ? "" : "ORDER BY rank") LIMIT ?) s
            JOIN person p ON p.id = s.rowid
            LEFT JOIN property pr ON pr.uprn = p.current_uprn
            ORDER BY \(broad ? "p.surname, p.given_name, p.id" : "s.rank")
            """, arguments: [expr, limit])
        return rows.map { r in
            let dob: String? = r["dob"]
            let name = [r["given_name"] as String?, r["middle_names"] as String?, r["surname"] as String?].compactMap { $0 }.joined(separator: " ")
            return PersonHit(id: r["id"], name: name, dob: dob, age: dob.flatMap(CivilDate.init(iso:)).map { $0.years(to: asOf) },
                             address: r["address"], postcode: r["postcode"], sources: r["record_count"], dateOfDeath: r["date_of_death"])
        }
    }

    func findProperties(_ db: Database, tokens: [String], limit: Int) throws -> [PropertyHit] {
        let expr = SearchService.matchExpression(tokens.map { [$0] })
        let broad = try SearchService.isBroad(db, table: "search_property", expr)
        let rows = try Row.fetchAll(db, sql: """
            SELECT pr.uprn, pr.address, w.name AS ward,
                   (SELECT count(*) FROM person o WHERE o.current_uprn = pr.uprn AND o.date_of_death IS NULL) AS occupants
            FROM (SELECT rowid\(broad ? "" : ", rank") FROM search_property WHERE search_property MATCH ? \(broad ? "" : "ORDER BY rank") LIMIT ?) s
            JOIN property pr ON pr.uprn = s.rowid
            LEFT JOIN ward w ON w.id = pr.ward_id
            ORDER BY \(broad ? "pr.address, pr.uprn" : "s.rank")
            """, arguments: [expr, limit])
        return rows.map { PropertyHit(uprn: $0["uprn"], address: $0["address"], ward: $0["ward"], occupants: $0["occupants"]) }
    }

    /// Whether a query matches so many rows (400 or more) that ranking them would cost more than a
    /// keystroke may (bm25 is computed for every match before the first row comes back: 26 ms
    /// for "ka" at 100,000 residents). Counting up to the cap without ranking is cheap; a broad
    /// query's first rows are then shown in name order until the officer types more, without
    /// even selecting `rank`: bm25 of a prefix needs its document count, a scan of its whole
    /// doclist (27 ms for "mill" at 3M people).
    static let broadQueryCap = 400

    static func isBroad(_ db: Database, table: String, _ expr: String) throws -> Bool {
        let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM \(table) WHERE \(table) MATCH ? LIMIT \(broadQueryCap))", arguments: [expr]) ?? 0
        return n >= broadQueryCap
    }

    private func loadVocabulary(_ db: Database) throws -> [String] {
        lock.lock(); defer { lock.unlock() }
        if let v = vocabulary { return v }
        let v = try String.fetchAll(db, sql: "SELECT word FROM search_vocab ORDER BY word")
        vocabulary = v
        return v
    }

    /// Forgets cached vocabulary (after a rebuild).
    public func invalidate() { lock.lock(); vocabulary = nil; lock.unlock() }

    static func hasPrefix(_ sorted: [String], _ prefix: String) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < prefix { lo = mid + 1 } else { hi = mid } }
        return lo < sorted.count && sorted[lo].hasPrefix(prefix)
    }

    /// Vocabulary words within a small edit distance (1 for short words, 2 for long ones),
    /// closest first; at most eight.
    static func nearWords(_ word: String, in vocab: [String]) -> [String] {
        let w = word.unicodeScalars.map(\.value)
        let maxD = w.count >= 7 ? 2 : 1
        var found: [(String, Int)] = []
        w.withUnsafeBufferPointer { wb in
            for v in vocab {
                let c = v.unicodeScalars.count
                if abs(c - w.count) > maxD { continue }
                let vs = v.unicodeScalars.map(\.value)
                let d = vs.withUnsafeBufferPointer { StringMetrics.editDistance(wb, $0, transpositions: true, bound: maxD) }
                if d <= maxD { found.append((v, d)) }
            }
        }
        return found.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(8).map(\.0)
    }
}

/// Builds the search tables from the linked warehouse.
public enum SearchIndex {
    /// The text followed by its Latin transliteration when it holds another script, so an
    /// officer typing "li xiao long" finds "李小龍" and "abdallh" finds "عبدالله" (see
    /// `Transliteration`).
    static let withLatinFunction = DatabaseFunction("warden_with_latin", argumentCount: 1, pure: true) { v in
        guard let text = String.fromDatabaseValue(v[0]) else { return nil }
        return Transliteration.needsLatin(text) ? text + " " + Transliteration.latin(text) : text
    }

    /// Re-indexes one person (after a rectification or an erasure) and the name vocabulary.
    static func refresh(_ db: Database, person id: Int64) throws {
        try db.execute(sql: "DELETE FROM search_person WHERE rowid = ?", arguments: [id])
        db.add(function: withLatinFunction)
        defer { db.remove(function: withLatinFunction) }
        try db.execute(sql: """
            INSERT INTO search_person(rowid, names, born, ids, address)
            SELECT p.id, warden_with_latin(coalesce(p.given_name, '') || ' ' || coalesce(p.middle_names, '') || ' ' || coalesce(p.surname, '')),
                   coalesce(p.dob, ''), coalesce(p.nino, '') || ' ' || coalesce(p.nhs_number, ''),
                   coalesce(pr.address, '') || ' ' || coalesce(replace(pr.postcode, ' ', ''), '')
            FROM person p LEFT JOIN property pr ON pr.uprn = p.current_uprn WHERE p.id = ?
            """, arguments: [id])
        try db.execute(sql: "INSERT INTO search_person(search_person) VALUES('optimize')")
        try rebuildVocabulary(db)
    }

    static func rebuildVocabulary(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM search_vocab")
        try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_person_terms USING fts5vocab(main, 'search_person', 'col')")
        try db.execute(sql: """
            INSERT INTO search_vocab(word, n)
            SELECT term, doc FROM temp.search_person_terms WHERE col = 'names' AND length(term) >= 3
            """)
        try db.execute(sql: "DROP TABLE temp.search_person_terms")
    }

    /// Rebuilds the person and property indexes and the name vocabulary.
    public static func rebuild(_ db: Database) throws {
        // Dropping and recreating is far faster than deleting from FTS5 row by row (which must
        // read every row back to remove its terms: 5 s of a 10 s rebuild at 100,000 residents).
        try db.execute(sql: """
            DROP TABLE IF EXISTS search_person;
            DROP TABLE IF EXISTS search_property;
            DELETE FROM search_vocab;
            """ + Schema.searchTables)
        // People: their best name, every other name their records carry (nicknames, maiden
        // names, a name in another script with its Latin letters), birth date in three
        // spellings, identifiers and current address.
        db.add(function: withLatinFunction)
        defer { db.remove(function: withLatinFunction) }
        try db.execute(sql: """
            INSERT INTO search_person(rowid, names, born, ids, address)
            SELECT p.id,
                   warden_with_latin(coalesce(p.given_name, '') || ' ' || coalesce(p.middle_names, '') || ' ' || coalesce(p.surname, '') || ' ' || coalesce(other.names, '')),
                   CASE WHEN p.dob IS NULL THEN '' ELSE p.dob || ' ' || substr(p.dob, 9, 2) || substr(p.dob, 6, 2) || substr(p.dob, 1, 4) || ' ' || replace(p.dob, '-', '') END,
                   (coalesce(p.nino, '') || ' ' || coalesce(p.nhs_number, '') || ' ' || coalesce(c.ids, '')),
                   (coalesce(pr.address, '') || ' ' || coalesce(replace(pr.postcode, ' ', ''), ''))
            FROM person p
            LEFT JOIN property pr ON pr.uprn = p.current_uprn
            LEFT JOIN (
                SELECT rl.person_id, group_concat(DISTINCT (coalesce(r.given_name, '') || ' ' || coalesce(r.surname, ''))) AS names
                FROM record_link rl JOIN source_record r ON r.id = rl.record_id
                WHERE rl.person_id IS NOT NULL
                GROUP BY rl.person_id
            ) other ON other.person_id = p.id
            LEFT JOIN (SELECT person_id, group_concat(value, ' ') AS ids FROM contact GROUP BY person_id) c ON c.person_id = p.id
            """)
        try db.execute(sql: """
            INSERT INTO search_property(rowid, address, ids)
            SELECT pr.uprn, (coalesce(pr.address, '') || ' ' || coalesce(w.name, '')),
                   (printf('%012d', pr.uprn) || ' ' || pr.uprn || ' ' || coalesce(replace(pr.postcode, ' ', ''), ''))
            FROM property pr LEFT JOIN ward w ON w.id = pr.ward_id
            """)
        // The vocabulary of name words, from FTS5's own term list.
        try rebuildVocabulary(db)
    }
}
