import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

/// Figures and words as an officer reads them: rounded the same way everywhere, thousands
/// separated, singular where there is one.
@Suite("What officers read")
struct WordingTests {
    @Test("An address score of 121.6 reads 122 on the Addresses tab (rounded to nearest, as the command line does)")
    func addressScoreRoundsToNearest() async throws {
        let t = try await makeTester(first: PersonScreen(id: P.johnSmith))
        await t.press(.char("2"))
        let row = try #require(t.lines.first { $0.contains("Flat 2, Rose Court") })
        #expect(row.contains(" 122 "), "\(row)")
        #expect(!row.contains(" 121 "))
        #expect(Format.score(121.6) == "122" && Format.score(121.4) == "121" && Format.score(1330) == "1330")
    }
}
