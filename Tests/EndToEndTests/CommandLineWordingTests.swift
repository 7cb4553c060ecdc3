import Foundation
import Testing

/// What the command line prints, read as an officer reads it: the same figures as the dashboard,
/// rounded and separated the same way, in plain words.
@Suite("Command-line wording (real binary)", .serialized)
struct CommandLineWordingTests {
    /// The dashboard's fixture warehouse, built once for the suite.
    static let db: String = {
        let db = WardenBinary.tempDir("wording").appendingPathComponent("w.sqlite").path
        _ = try? WardenBinary.run(["dashboard-fixture", "--db", db])
        return db
    }()

    static let purpose = ["WARDEN_PURPOSE": "Tenancy management"]

    @Test func anAddressScoreRoundsToNearestAsOnTheDashboard() throws {
        let r = try WardenBinary.run(["person", "1381424", "--db", Self.db], environment: Self.purpose)
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("Flat 2, Rose Court") && $0.contains("score") })
        #expect(line.contains("score 122 "), "\(line)")
    }
}
