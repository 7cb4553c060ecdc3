import Foundation
import GRDB
import Testing
import WardenLinkage
@testable import WardenCore

@Suite("Pilot programmes")
struct PilotTests {
    static let samplePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data/pilots.toml").path

    @Test func theSampleProgrammeReadsWithoutProblems() throws {
        let loaded = ProgrammeFile.load(path: Self.samplePath)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let p = try #require(loaded.programme)
        #expect(p.participants.count >= 12)
        #expect(p.localParticipant == "Eastbridge")
        #expect(p.milestones.map(\.name).first == "Consultation")
        #expect(p.milestones.map(\.name).last == "Evaluation")
    }

    static let small = """
    [programme]
    name = "Test pilot"
    aim = "Find HMOs"
    lead = "Lead"
    local_participant = "Home"

    [thresholds]
    uprn_match_rate = 0.9
    person_match_rate = 0.5
    max_reject_rate = 0.5
    grace_days = 3

    [[participant]]
    name = "Home"
    [[participant]]
    name = "Early"
    [[participant]]
    name = "Late"
    [[participant]]
    name = "Missing"
    [[participant]]
    name = "Stuck"
    [[participant]]
    name = "Poor"

    [[dataset]]
    participant = "Early"
    name = "Council tax"
    due = "2026-09-30"
    supplied = "2026-10-02"
    quality = 0.97

    [[dataset]]
    participant = "Late"
    name = "Council tax"
    due = "2026-09-30"
    supplied = "2026-10-20"
    quality = 0.97

    [[dataset]]
    participant = "Missing"
    name = "Council tax"
    due = "2026-09-30"

    [[dataset]]
    participant = "Stuck"
    name = "Council tax"
    due = "2026-12-30"

    [[dataset]]
    participant = "Poor"
    name = "Council tax"
    due = "2026-09-30"
    supplied = "2026-09-01"
    quality = 0.70

    [[dataset]]
    participant = "Home"
    name = "Benefit claims"
    system = "housing_benefit"
    due = "2026-12-30"

    [[dataset]]
    participant = "Home"
    name = "Electoral register"
    system = "electoral_register"
    due = "2026-10-01"

    [[milestone]]
    name = "Start"
    planned_start = "2026-06-01"
    planned_end = "2026-06-01"
    actual_start = "2026-06-03"
    actual_end = "2026-06-03"

    [[milestone]]
    name = "Testing"
    planned_start = "2026-10-01"
    planned_end = "2026-11-01"
    actual_start = "2026-10-05"

    [[blocker]]
    participant = "Stuck"
    raised = "2026-08-01"
    description = "Protocol not signed"
    """

    @Test func badEntriesAreReportedWithLineAndFieldAndTheRestLoads() throws {
        let bad = Self.small
            .replacingOccurrences(of: "participant = \"Late\"", with: "participant = \"Lat\"")
            .replacingOccurrences(of: "planned_end = \"2026-11-01\"", with: "planned_end = \"2026-09-01\"")
            .replacingOccurrences(of: "supplied = \"2026-09-01\"", with: "supplied = \"01/09/2026\"")
        let loaded = ProgrammeFile.parse(text: bad, path: "pilots.toml")
        let lines = bad.split(separator: "\n", omittingEmptySubsequences: false)
        func line(_ needle: String) -> Int { lines.firstIndex { $0.contains(needle) }! + 1 }
        let text = loaded.problems.map(\.description)
        #expect(loaded.problems.contains { $0.line == line("\"Lat\"") && $0.description.contains("unknown participant \"Lat\"") && $0.description.contains("did you mean \"Late\"") }, "\(text)")
        #expect(loaded.problems.contains { $0.line == line("2026-09-01\"") && $0.description.contains("ends (2026-09-01) before it starts") }, "\(text)")
        #expect(loaded.problems.contains { $0.line == line("01/09/2026") && $0.field == "dataset.supplied" && $0.description.contains("yyyy-MM-dd") }, "\(text)")
        let p = try #require(loaded.programme)
        #expect(p.participants.count == 6)
        #expect(p.milestones.map(\.name) == ["Start"])
        #expect(!p.datasets.contains { $0.participant == "Lat" })
    }

    @Test func statusIsDerivedFromDatesQualityAndBlockers() throws {
        let p = try #require(ProgrammeFile.parse(text: Self.small, path: "p.toml").programme)
        let r = PilotReport.derive(p, problems: [], live: [:], today: CivilDate(iso: "2026-11-22")!)
        func status(_ n: String) -> PilotReport.Status { r.participants.first { $0.name == n }!.status }
        #expect(status("Early") == .onTime)          // two days late, within the three days' grace
        #expect(status("Late") == .behind)
        #expect(status("Missing") == .behind)
        #expect(status("Stuck") == .blocked)
        #expect(status("Poor") == .behind)           // on time but quality 70% < 90%
        #expect(r.participants.first { $0.name == "Missing" }!.reasons == ["Council tax overdue since 2026-09-30"])
        #expect(r.counts == ["on time": 1, "behind": 4, "blocked": 1])
        #expect(r.milestones.map(\.state) == [.done, .late])
        #expect(PilotReport.Status.blocked.symbol == "■" && PilotReport.Status.onTime.symbol == "●")
    }

    @Test func theLocalRowComesFromTheWarehouseAndChangesWhenAnExtractArrives() throws {
        let w = try Fixture.freshWarehouse()
        try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write()))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pilots-\(UUID().uuidString).toml").path
        try Self.small.write(toFile: file, atomically: true, encoding: .utf8)
        try PilotStore.load(file: file, into: w)
        let today = CivilDate.today
        var home = try #require(try PilotReport.all(w, today: today).first?.participants.first { $0.isLocal })
        #expect(home.datasets.first { $0.system == "housing_benefit" }?.supplied == today.iso)
        #expect(home.datasets.first { $0.system == "housing_benefit" }?.live == true)
        #expect(home.datasets.first { $0.system == "electoral_register" }?.state == .overdue)
        #expect(home.status == .behind)

        // The electoral register arrives: the row changes without touching the programme file.
        let withRegister = Fixture.manifest + """

        [[source]]
        name = "register"
        system = "electoral_register"
        kind = "person"
        file = "er.csv"
        [source.columns]
        NAME = "full_name"
        ADDRESS = "address"
        PC = "postcode"
        """
        let er = Array("NAME,ADDRESS,PC\nJohn Smith,14 Elm Road,E17 4AB\n".utf8)
        try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(manifest: withRegister, files: ["er.csv": er])))
        home = try #require(try PilotReport.all(w, today: today).first?.participants.first { $0.isLocal })
        let register = try #require(home.datasets.first { $0.system == "electoral_register" })
        #expect(register.supplied == today.iso)
        #expect(register.state == .late)   // due 2026-10-01, supplied today
    }

    @Test func editsAreKeptWithWhoAndWhenAndAudited() throws {
        let w = try Fixture.freshWarehouse()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pilots-\(UUID().uuidString).toml").path
        try Self.small.write(toFile: file, atomically: true, encoding: .utf8)
        try PilotStore.load(file: file, into: w)
        let actor = AuditLog.Actor(user: "rlead", screen: "test")
        let blocker = try #require(try w.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM pilot_blocker") })
        try PilotStore.apply(.resolveBlocker(blockerID: blocker, on: CivilDate(iso: "2026-11-20")!), programme: "Test pilot", warehouse: w, actor: actor)
        let missing = try #require(try w.pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM pilot_dataset WHERE participant = 'Missing'") })
        try PilotStore.apply(.datasetSupplied(datasetID: missing, date: CivilDate(iso: "2026-11-21")!, quality: 0.95), programme: "Test pilot", warehouse: w, actor: actor)
        let r = try #require(try PilotReport.named("test pilot", warehouse: w, today: CivilDate(iso: "2026-11-22")!))
        #expect(r.participants.first { $0.name == "Stuck" }?.status == .onTime)   // blocker resolved, nothing due yet
        #expect(r.participants.first { $0.name == "Missing" }?.reasons.first?.contains("late") == true)
        let history = try w.pool.read { db in try PilotStore.history(db, programme: "Test pilot") }
        #expect(history.filter { $0.user == "rlead" }.count == 3)   // resolved, supplied, quality
        #expect(history.contains { $0.entity == "blocker" && $0.after == "2026-11-20" })
        let audited = try w.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE user = 'rlead' AND action = 'change'") }
        #expect(audited == 3)
        #expect(throws: UserFacingError.self) {
            try PilotStore.apply(.addBlocker(participant: "Nobody", description: "x", raised: .today), programme: "Test pilot", warehouse: w, actor: actor)
        }
    }
}
