import Foundation
import GRDB
import Testing
@testable import WardenCore

/// Known answers for SHA-256 and the access log's hash chain. The digests below were computed
/// outside Warden (Python's hashlib) and are frozen: a warehouse written by any earlier Warden
/// must still verify, whatever library computes the hashes.
@Suite("SHA-256 and the audit hash chain: known answers")
struct HashChainTests {
    @Test("SHA-256 of the standard test vectors (FIPS 180-2)")
    func standardVectors() {
        #expect(SHA256Hasher.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hasher.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hasher.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("A long input fed in pieces of any size gives the one digest, wide characters included")
    func piecesOfAnySize() {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for sizes in [[1_000_000], [1], [7, 300, 1, 64, 65_536], [63, 64, 65, 255, 256, 257]] {
            var h = SHA256Hasher()
            var at = 0, k = 0
            million.withUnsafeBytes { all in
                while at < all.count {
                    let n = min(sizes[k % sizes.count], all.count - at)
                    h.update(UnsafeRawBufferPointer(rebasing: all[at..<(at + n)]))
                    at += n; k += 1
                }
            }
            #expect(h.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "pieces of \(sizes)")
        }
        #expect(SHA256Hasher.hex(of: String(repeating: "李小龍", count: 50)) == "0197ba5121bac6d4c815a3a6bb08f2e6a42e503cb7a80d6109a7362d4aa86228")
    }

    @Test("A hasher finished into hex starts again, so one hasher can hash many entries")
    func finishStartsAgain() {
        var h = SHA256Hasher()
        var out = [UInt8](repeating: 0, count: 64)
        for _ in 0..<3 {
            h.update("abc")
            h.finish(hex: &out)
            #expect(String(decoding: out, as: UTF8.self) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
        h.finish(hex: &out)
        #expect(String(decoding: out, as: UTF8.self) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    // Two entries as an earlier Warden wrote them: the second with NULL role, purpose, subject and detail.
    static let detail1 = "{\"groups\":[\"identity\",\"address\"]}"
    static let detail1Digest = "addb058d7ce315e06035f392ad1abb185c8cac676bb77e66ae79326fe44abbeb"
    static let hash1 = "efd0c1ab24cae25e9ba6d94e70ab4d8925340814776aa67bcddc44caa3d135d9"
    static let emptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let hash2 = "0dc515191af2f2587ec68e79f807bf22c6122b0e42565a323e7e7c0aa79a0772"

    @Test("An entry's hash is byte-for-byte the one earlier Wardens wrote")
    func entryHashIsFrozen() {
        #expect(SHA256Hasher.hex(of: Self.detail1) == Self.detail1Digest)
        #expect(AuditLog.hash(prev: AuditLog.genesis, id: 1, at: "2025-03-14T09:26:53.589Z", user: "zoë.ağaoğlu", role: "housing_officer",
                              purpose: "Tenancy management", action: "view", screen: "dashboard:person", subjectType: "person",
                              subjectID: "1000042", detailDigest: Self.detail1Digest) == Self.hash1)
        #expect(AuditLog.hash(prev: Self.hash1, id: 2, at: "2025-03-14T09:27:01.000Z", user: "bob", role: nil, purpose: nil, action: "search",
                              screen: "cli", subjectType: nil, subjectID: nil, detailDigest: Self.emptyDigest) == Self.hash2)
    }

    @Test("A log written by an earlier Warden still verifies, and an edit to it is still caught")
    func anExistingLogStillVerifies() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-chain-\(UUID().uuidString)")
        let w = try Warehouse(path: dir.appendingPathComponent("w.sqlite").path)
        try w.pool.write { db in
            try db.execute(sql: """
                INSERT INTO audit_log VALUES
                  (1, '2025-03-14T09:26:53.589Z', 'zoë.ağaoğlu', 'housing_officer', 'Tenancy management', 'view', 'dashboard:person',
                   'person', '1000042', ?, '\(Self.detail1Digest)', '\(AuditLog.genesis)', '\(Self.hash1)'),
                  (2, '2025-03-14T09:27:01.000Z', 'bob', NULL, NULL, 'search', 'cli', NULL, NULL, NULL, '\(Self.emptyDigest)', '\(Self.hash1)', '\(Self.hash2)')
                """, arguments: [Self.detail1])
        }
        let report = try AuditVerify.run(w)
        #expect(report.intact, "\(report.problems)")
        #expect(report.entries == 2)
        // The next entry this Warden writes chains onto the old ones.
        try AuditLog.record(w, actor: AuditLog.Actor(user: "alice", role: "housing_officer", purpose: "Tenancy management", screen: "test"),
                            action: .view, subjectType: "person", subjectID: "1000043")
        #expect(try AuditVerify.run(w).intact)
        #expect(try w.pool.read { db in try String.fetchOne(db, sql: "SELECT prev_hash FROM audit_log WHERE id = 3") } == Self.hash2)
        // One changed letter in the old entry is named.
        try w.pool.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET user = 'zoe.agaoglu' WHERE id = 1")
        }
        let edited = try AuditVerify.run(w)
        #expect(edited.problems.map(\.id) == [1])
        #expect(edited.problems.first?.kind == .edited)
    }
}
