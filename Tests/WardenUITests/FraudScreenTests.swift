import Foundation
import GRDB
import Testing
import TerminalKit
import WardenCore
@testable import WardenUI

/// A fixture warehouse with two fraud investigators, alice and bob, added by the fixture's admin.
func fraudWarehouse() throws -> Warehouse {
    let w = try makeWarehouse()
    let admin = try Access.resolve(w, account: CurrentUser.name)
    try Users.add("alice", role: "fraud_investigator", team: "Counter-fraud", name: "Alice Ward", by: admin, warehouse: w)
    try Users.add("bob", role: "fraud_investigator", team: "Counter-fraud", name: "Bob Hale", by: admin, warehouse: w)
    return w
}

/// The dashboard as `user` over `w`, working on a fraud investigation.
func investigator(_ user: String, _ w: Warehouse, first: (any DashboardScreen)? = nil, size: Size = standard) async throws -> ScreenTester<DashboardApp> {
    let data = try DashboardData(warehouse: w, user: user)
    try data.access.setPurpose("Fraud investigation")
    return await ScreenTester(DashboardApp(data: data, today: fixtureToday, first: first), size: size,
                              catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))
}

/// A dashboard opened at `first` by an officer who has not yet given a purpose.
func withoutPurpose(_ w: Warehouse, first: any DashboardScreen) async throws -> (DashboardData, ScreenTester<DashboardApp>) {
    let data = try DashboardData(warehouse: w, user: "alice")
    let t = await ScreenTester(DashboardApp(data: data, today: fixtureToday, first: first), size: standard,
                               catalog: ThemeCatalog(appName: "warden-tests", environment: [:]))
    return (data, t)
}

/// Picks `purpose` in the purpose prompt on screen.
func choose(_ purpose: String, in t: ScreenTester<DashboardApp>, _ data: DashboardData) async throws {
    let k = try #require(data.access.policy.purposes.firstIndex(of: purpose))
    for _ in data.access.policy.purposes { await t.press(.up) }   // from the top, whatever was offered first
    for _ in 0..<k { await t.press(.down) }
    await t.press(.enter)
}

/// The case numbers of the queue's rows, top to bottom, as shown (a marked row reads "*101").
func caseNumbers(_ t: ScreenTester<DashboardApp>) -> [Int64] {
    t.lines.dropFirst(5).compactMap { line -> Int64? in
        let chars = Array(line)
        guard chars.count > 8 else { return nil }
        return Int64(String(chars[2..<8]).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: ""))
    }
}

/// The row of the queue showing case `id`.
func queueRow(_ t: ScreenTester<DashboardApp>, _ id: Int64) -> String? {
    let numbers = caseNumbers(t)
    guard let i = numbers.firstIndex(of: id) else { return nil }
    return t.lines.dropFirst(5).filter { line in
        let chars = Array(line)
        return chars.count > 8 && Int64(String(chars[2..<8]).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")) != nil
    }[i]
}

func assignee(_ w: Warehouse, _ id: Int64) throws -> String? {
    try read(w) { db in try String.fetchOne(db, sql: "SELECT assignee FROM fraud_case WHERE id = ?", arguments: [id]) }
}

typealias FC = DashboardFixture.FraudCase

/// Reads the warehouse directly (outside the dashboard), to check what was stored.
func read<T>(_ w: Warehouse, _ body: (Database) throws -> T) throws -> T { try w.pool.read(body) }

@Suite("Fraud screens")
struct FraudScreenTests {
    @Test("The queue lists open cases highest risk first, re-sorts by value and age, searches, and has a tab per case type")
    func queueSortsByRisk() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w, first: CasesScreen())
        #expect(caseNumbers(t) == [FC.edithPass, FC.elmRoadDiscount, FC.millLaneExemption, FC.roseCourtSublet, FC.okaforClaim, FC.patelRelief, FC.zoeDiscount])
        #expect(t.lines[4].contains("Risk ▼"))
        #expect(t.shows("7 cases") || t.shows("1 of 7"))
        // The overdue case says so in text, not only in colour.
        #expect(queueRow(t, FC.elmRoadDiscount)?.contains("26/10/26!") == true)
        await t.press(.down, .down)      // Mill Lane, fourth by value
        await t.press(.char("s")) // value, highest first: from the top, not from the case that was selected
        #expect((t.model.top as? CasesScreen)?.state.selected == 0)
        #expect(caseNumbers(t) == [FC.roseCourtSublet, FC.patelRelief, FC.okaforClaim, FC.millLaneExemption, FC.elmRoadDiscount, FC.zoeDiscount, FC.edithPass])
        #expect(t.lines[4].contains("Value ▼"))
        await t.press(.char("S")) // reversed
        #expect(caseNumbers(t).first == FC.edithPass)
        #expect(t.lines[4].contains("Value ▲"))
        await t.press(.char("s")) // age: oldest first
        #expect(caseNumbers(t) == [FC.elmRoadDiscount, FC.roseCourtSublet, FC.okaforClaim, FC.zoeDiscount, FC.edithPass, FC.millLaneExemption, FC.patelRelief])
        #expect(t.lines[4].contains("Age ▼"))
        // Filter as you type: / then text.
        await t.press(.char("/"))
        await t.type("smith")
        await t.press(.enter)
        #expect(Set(caseNumbers(t)) == [FC.elmRoadDiscount, FC.roseCourtSublet])
        // Esc clears the search; a queue per case type.
        await t.press(.escape)
        #expect(caseNumbers(t).count == 7)
        await t.press(.tab, .tab) // all → mine → single person discount
        #expect(t.stackTitles.last == "Cases: Single person discount")
        #expect(Set(caseNumbers(t)) == [FC.elmRoadDiscount, FC.zoeDiscount])
        await t.press(.char("1")) // a tab by its number
        #expect(t.stackTitles.last == "Cases")
        #expect(caseNumbers(t).count == 7)
        // help lists `/` once: here it searches the queue
        await t.press(.char("?"))
        #expect(t.shows("Search this queue") && !t.shows("Search people and properties"))
        await t.press(.escape)
    }

    @Test("Claiming several marked cases makes them yours, and My cases lists them")
    func claimSeveral() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w, first: CasesScreen())
        await t.press(.char(" "), .char(" ")) // marks 101 and 102
        #expect(queueRow(t, FC.edithPass)?.contains("*101") == true)
        #expect(t.shows("2 marked"))
        await t.press(.char("c"))
        #expect(t.shows("case 101: claimed by you"))
        #expect(t.shows("case 102: claimed by you"))
        await t.press(.enter)
        #expect(queueRow(t, FC.edithPass)?.contains("alice") == true)
        #expect(queueRow(t, FC.elmRoadDiscount)?.contains("alice") == true)
        #expect(try assignee(w, FC.edithPass) == "alice")
        await t.press(.tab) // My cases
        #expect(Set(caseNumbers(t)) == [FC.edithPass, FC.elmRoadDiscount])
        // Assign several to bob in one go, with a result for each.
        await t.press(.char(" "), .char(" "), .char("a"))
        await t.type("bob")
        await t.press(.enter)
        #expect(t.shows("case 101: assigned to bob"))
        #expect(t.shows("case 102: assigned to bob"))
        await t.press(.enter)
        #expect(caseNumbers(t).isEmpty)
        #expect(try assignee(w, FC.elmRoadDiscount) == "bob")
    }

    @Test("Two investigators on one warehouse: one claims, the other refreshes and sees who, and cannot claim it too")
    func twoInvestigators() async throws {
        let w = try fraudWarehouse()
        let alice = try await investigator("alice", w, first: CasesScreen())
        let bob = try await investigator("bob", w, first: CasesScreen())
        await alice.press(.char("c"))
        #expect(alice.shows("case 101: claimed by you"))
        // Bob's screen is as he loaded it until he refreshes.
        #expect(queueRow(bob, FC.edithPass)?.contains("alice") == false)
        await bob.press(.char("r"))
        #expect(queueRow(bob, FC.edithPass)?.contains("alice") == true)
        await bob.press(.char("c"))
        #expect(bob.shows("case 101: already claimed by alice"))
        #expect(bob.shows("0 of 1 done, 1 refused"))
        #expect(try assignee(w, FC.edithPass) == "alice")
        // Coming back to the queue from a case also shows others' changes.
        await bob.press(.escape, .down, .enter)
        #expect(bob.model.top is CaseScreen)
        await alice.press(.escape, .down, .char("c"))
        await bob.press(.escape)
        #expect(queueRow(bob, FC.elmRoadDiscount)?.contains("alice") == true)
    }

    @Test("Opening the queue is logged once; refreshing it (r, or coming back from a case) shows others' changes without a new entry; a new sort or search is a new view")
    func refreshIsNotAView() async throws {
        let w = try fraudWarehouse()
        func queueViews() throws -> [AuditLog.Entry] { try auditRows(w).filter { $0.user == "bob" && $0.subjectType == "fraud_queue" } }
        let bob = try await investigator("bob", w, first: CasesScreen())
        let opened = try queueViews()
        #expect(opened.count == 1)
        #expect(opened.first?.action == "view" && opened.first?.purpose == "Fraud investigation")
        // Alice claims a case; Bob refreshes twice and sees it, and the log has nothing new.
        let alice = try await investigator("alice", w, first: CasesScreen())
        await alice.press(.char("c"))
        await bob.press(.char("r"))
        #expect(bob.shows("Refreshed"))
        #expect(queueRow(bob, FC.edithPass)?.contains("alice") == true)
        await bob.press(.function(5))
        #expect(try queueViews().count == 1)
        // Into a case (that view is logged) and back: the queue reloads, unlogged.
        await bob.press(.enter)
        #expect(bob.model.top is CaseScreen)
        await bob.press(.escape)
        #expect(bob.model.top is CasesScreen)
        #expect(try queueViews().count == 1)
        #expect(try auditRows(w).contains { $0.user == "bob" && $0.subjectType == "fraud_case" && $0.subjectID == "\(FC.edithPass)" })
        // A different view of the queue is logged, and refreshing that one is not.
        await bob.press(.char("s"))
        #expect(bob.lines[4].contains("Value ▼"))
        #expect(try queueViews().count == 2)
        await bob.press(.char("r"))
        #expect(try queueViews().count == 2)
        await bob.press(.char("/"))
        await bob.type("smith")
        await bob.press(.enter)
        let searched = try #require(try queueViews().last)
        #expect(searched.detail?.contains("smith") == true)
        #expect(try queueViews().count == 3)
        // The refresh still goes through the policy: a role without the fraud group is refused.
        let officer = try await makeTester(warehouse: w)
        #expect(throws: (any Error).self) { try officer.model.context.data.refreshFraudQueue(FraudQueueQuery(), today: fixtureToday) }
    }

    @Test("The case view shows why it was raised, the evidence side by side, and its history; Enter opens the subject")
    func caseView() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w, first: CasesScreen(), size: wide)
        await t.press(.down, .enter)
        #expect(t.stackTitles.last == "Case 102")
        #expect(t.shows("Single person discount while other adults live there"))
        #expect(t.shows("spd-other-adults"))
        #expect(t.shows("91 of 100"))
        #expect(t.shows("100 × strength 0.95 × identity 0.98 × corroboration 0.98"))
        #expect(t.shows("£487.30 a year"))
        #expect(t.shows("26/10/2026 — overdue"))
        await t.press(.char("2"))
        #expect(t.shows("Evidence (4)"))
        let mary = try #require(t.row(containing: "Mary Smith"))
        #expect(t.lines[mary].contains("Electoral register"))
        #expect(t.lines[mary].contains("0.988"))
        #expect(t.lines[mary].contains("0.80"))
        #expect(t.shows("李小龍"))
        #expect(t.shows("01/04/2019"))
        await t.press(.char("3"))
        #expect(t.shows("raised: risk 91, rule spd-other-adults"))
        // Enter on the subject opens the person's single view.
        await t.press(.char("1"))
        let screen = try #require(t.model.top as? CaseScreen)
        let subject = try #require(screen.summaryItems.firstIndex { $0.label == "Subject" })
        for _ in 0..<subject { await t.press(.down) }
        await t.press(.enter)
        #expect(t.model.top is PersonScreen)
        #expect(t.stackTitles.last?.contains("John") == true)
        // The view was audited with the officer's purpose.
        let views = try auditRows(w).filter { $0.subjectType == "fraud_case" && $0.subjectID == "102" }
        #expect(views.first?.purpose == "Fraud investigation")
    }

    @Test("A note typed on several lines is saved as typed and shown")
    func multiLineNote() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w, first: CaseScreen(id: FC.roseCourtSublet))
        await t.press(.char("n"))
        await t.type("Rang the landlord: no answer.")
        await t.press(.enter)
        await t.type("Neighbour says Mr Wiśniewski has lived there since July.")
        #expect(t.shows("Draft: 2 lines"))
        // Closing the editor keeps the draft.
        await t.press(.escape)
        await t.press(.char("n"))
        #expect(t.shows("Rang the landlord: no answer."))
        await t.press(.ctrl("s"))
        #expect(t.shows("Note saved on case 104"))
        #expect(t.shows("Notes (1)"))
        let first = try #require(t.row(containing: "Rang the landlord: no answer."))
        #expect(t.lines[first + 1].contains("Neighbour says Mr Wiśniewski has lived there since July."))
        let stored = try read(w) { db in try String.fetchOne(db, sql: "SELECT text FROM fraud_case_note WHERE case_id = ?", arguments: [FC.roseCourtSublet]) }
        #expect(stored == "Rang the landlord: no answer.\nNeighbour says Mr Wiśniewski has lived there since July.")
    }

    @Test("A case someone has claimed is moved on by them: another investigator is told whose it is, and nothing changes")
    func aClaimedCaseIsMovedOnByItsHolder() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w, first: CaseScreen(id: FC.roseCourtSublet))
        await t.press(.char("s"))
        #expect(t.shows("is \(DashboardFixture.fixtureInvestigator)'s to move on"))
        #expect(!t.shows("Closed: fraud proven"))
        #expect(throws: FraudCaseError.heldBy(id: FC.roseCourtSublet, by: DashboardFixture.fixtureInvestigator)) {
            try FraudCases(warehouse: w, access: try Access.resolve(w, account: "alice")).setStatus(FC.roseCourtSublet, to: .investigation, actor: AuditLog.Actor(user: "alice", role: "fraud_investigator", purpose: nil, screen: "test"))
        }
        let status = try read(w) { db in try String.fetchOne(db, sql: "SELECT status FROM fraud_case WHERE id = ?", arguments: [FC.roseCourtSublet]) }
        #expect(status == "triage")
    }

    @Test("A draft note survives leaving the case: it is there when the case is opened again, and gone once saved")
    func aDraftSurvivesLeavingTheCase() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w)
        await t.press(.char(":"))
        await t.type("case \(FC.roseCourtSublet)")
        await t.press(.enter)
        await t.press(.char("n"))
        await t.type("Visited twice, no answer")
        await t.press(.escape)                      // closes the editor
        #expect(t.shows("Draft kept"))
        await t.press(.escape)                      // leaves the case
        #expect(!t.stackTitles.contains { $0.hasPrefix("Case") })
        #expect(!t.shows("Draft kept"))             // the case's message does not follow to Home
        await t.press(.char(":"))
        await t.type("case \(FC.roseCourtSublet)")
        await t.press(.enter)
        await t.press(.char("n"))
        #expect(t.shows("Visited twice, no answer"))
        await t.press(.ctrl("s"))
        #expect(t.shows("Note saved on case \(FC.roseCourtSublet)"))
        await t.press(.escape)
        await t.press(.escape)
        await t.press(.char(":"))
        await t.type("case \(FC.roseCourtSublet)")
        await t.press(.enter)
        await t.press(.char("n"))
        #expect(t.shows("Type the note."))                  // an empty editor: the saved note is not offered again
        #expect(t.model.context.data.noteDrafts.draft(FC.roseCourtSublet) == nil)
    }

    @Test("Closing a case with an outcome and an amount recovered moves the savings panel")
    func closingUpdatesSavings() async throws {
        let w = try fraudWarehouse()
        try await w.pool.write { db in try db.execute(sql: "UPDATE fraud_case SET assignee = 'alice' WHERE id = ?", arguments: [FC.roseCourtSublet]) }   // hers to close
        let t = try await investigator("alice", w, first: SavingsScreen())
        #expect(t.shows("£1,312.50 recovered"))
        #expect(t.shows("In progress  2 cases, £15,120 a year"))
        await t.press(.char(":"))
        await t.type("case 104")
        await t.press(.enter)
        await t.press(.char("s"))
        #expect(t.shows("Closed: fraud proven"))
        await t.press(.down, .enter) // Investigation, then Closed: fraud proven
        #expect(t.shows("Amount recovered"))
        await t.type("2,400")
        await t.press(.enter)
        #expect(t.shows("Closed (fraud proven)"))
        await t.press(.escape)
        #expect(t.stackTitles.last == "Savings")
        #expect(t.shows("£3,712.50 recovered"))
        #expect(t.shows("In progress  1 case, £3,120 a year"))
        let row = try read(w) { db in try Row.fetchOne(db, sql: "SELECT status, outcome, amount_recovered FROM fraud_case WHERE id = ?", arguments: [FC.roseCourtSublet])! }
        #expect((row["outcome"] as String?) == "fraud_proven")
        #expect((row["amount_recovered"] as Double) == 2400)
    }

    @Test("A change to a case someone changed since it was loaded is not lost: the case reloads and the change can be applied again")
    func conflictReloads() async throws {
        let w = try fraudWarehouse()
        let alice = try await investigator("alice", w, first: CaseScreen(id: FC.millLaneExemption), size: wide)
        let bob = try await investigator("bob", w, first: CaseScreen(id: FC.millLaneExemption), size: wide)
        await bob.press(.char("d"))
        await bob.press(.ctrl("u"))
        await bob.type("01/12/2026")
        await bob.press(.enter)
        #expect(bob.shows("due 01/12/2026"))
        // Alice still has version 1 on screen and moves it to triage.
        await alice.press(.char("s"), .enter)
        #expect(alice.shows("Changed by someone else"))
        #expect(alice.shows("bob changed case 103"))
        #expect(alice.shows("due 01/12/2026")) // reloaded behind the prompt
        await alice.press(.enter) // apply again
        #expect(alice.shows("Triage"))
        let row = try read(w) { db in try Row.fetchOne(db, sql: "SELECT status, due_date FROM fraud_case WHERE id = ?", arguments: [FC.millLaneExemption])! }
        #expect((row["status"] as String) == "triage")
        #expect((row["due_date"] as String) == "2026-12-01")
    }

    @Test("Investigators get the Counter-fraud tile and palette commands; a housing officer is refused every fraud screen")
    func housingOfficerRefused() async throws {
        let w = try fraudWarehouse()
        let alice = try await investigator("alice", w)
        #expect(alice.shows("Counter-fraud"))
        #expect(alice.shows("New cases"))
        await alice.press(.char(":"))
        await alice.type("cases mine")
        await alice.press(.enter)
        #expect(alice.stackTitles.last == "My cases")

        let officer = try await makeTester(warehouse: w)
        #expect(!officer.shows("Counter-fraud"))
        await officer.press(.char(":"))
        await officer.type("cases")
        await officer.press(.enter)
        #expect(officer.shows("Your role (Housing officer) may not open the counter-fraud case queues"))
        #expect(!officer.shows("Edith Baker"))
        await officer.press(.escape, .char(":"))
        await officer.type("case 101")
        await officer.press(.enter)
        #expect(officer.shows("may not open counter-fraud cases"))
        #expect(!officer.shows("Edith Baker"))
        await officer.press(.escape, .char(":"))
        await officer.type("savings")
        await officer.press(.enter)
        #expect(officer.shows("may not open the counter-fraud savings panel"))
        // Nothing was read on their behalf.
        #expect(try auditRows(w).filter { $0.user == fixtureUser && ($0.subjectType ?? "").hasPrefix("fraud") }.isEmpty)
        // And the core refuses them too, whatever the screen does.
        #expect(throws: (any Error).self) { try officer.model.context.data.fraudQueue(FraudQueueQuery(), today: fixtureToday) }
    }

    @Test("The queue and the case view read at 80×24 and degrade when tiny")
    func smallSizes() async throws {
        let w = try fraudWarehouse()
        let t = try await investigator("alice", w, first: CasesScreen())
        for line in t.lines { #expect(DisplayWidth.of(line) == 80) }
        #expect(t.shows("Subject"))
        #expect(t.shows("Address"))
        await t.resize(to: Size(width: 40, height: 10))
        #expect(t.shows("101"))
        await t.press(.enter)
        await t.resize(to: Size(width: 20, height: 6))
        await t.resize(to: standard)
        #expect(t.shows("Case 101"))
    }

    @Test("The home tile counts my open cases and leads to them; the queue reads in plain ASCII")
    func homeTileAndPlainText() async throws {
        let w = try fraudWarehouse()
        let data = try DashboardData(warehouse: w, user: "bob")
        let cases = try data.fraudCases()
        _ = try cases.claim([FC.edithPass, FC.elmRoadDiscount], for: "bob", actor: data.actor(screen: "test"))
        let bob = try await investigator("bob", w)
        let row = try #require(bob.row(containing: "My open cases"))
        #expect(bob.lines[row].contains("2, 1 overdue"))
        #expect(bob.shows("£15,120/yr, 2 cases"))
        // Tab to the tile and open it: the queue of my cases.
        await bob.press(.tab, .enter)
        #expect(bob.stackTitles.last == "My cases")
        #expect(Set(caseNumbers(bob)) == [FC.edithPass, FC.elmRoadDiscount])

        let plain = try await investigator("alice", w, first: CasesScreen())
        plain.symbols = .ascii
        await plain.press(.down)
        #expect(plain.lines.contains { $0.hasPrefix(">  102") })
    }

    @Test("Opening a case without a purpose asks for one first, and the access log records why the case was opened")
    func caseAsksForAPurpose() async throws {
        let w = try fraudWarehouse()
        let (data, t) = try await withoutPurpose(w, first: CaseScreen(id: FC.roseCourtSublet))
        #expect(t.shows("Why are you opening this record?"))
        #expect(!t.shows("Rose Court"))
        #expect(try auditRows(w).filter { $0.subjectType == "fraud_case" }.isEmpty)   // nothing read before a purpose
        try await choose("Fraud investigation", in: t, data)
        #expect(t.stackTitles.last == "Case \(FC.roseCourtSublet)")
        #expect(t.shows("Social tenant living elsewhere"))
        let view = try #require(try auditRows(w).last { $0.subjectType == "fraud_case" && $0.subjectID == "\(FC.roseCourtSublet)" })
        #expect(view.action == "view")
        #expect(view.purpose == "Fraud investigation")
        // The purpose is remembered for the piece of work: the next case opens straight away.
        await t.press(.char(":"))
        await t.type("case \(FC.edithPass)")
        await t.press(.enter)
        #expect(t.stackTitles.last == "Case \(FC.edithPass)")
        #expect(!t.shows("Why are you opening this record?"))
        let next = try #require(try auditRows(w).last { $0.subjectType == "fraud_case" && $0.subjectID == "\(FC.edithPass)" })
        #expect(next.purpose == "Fraud investigation")
    }

    @Test("Opening the queue without a purpose asks for one first; the listing is logged with it")
    func queueAsksForAPurpose() async throws {
        let w = try fraudWarehouse()
        let (data, t) = try await withoutPurpose(w, first: CasesScreen())
        #expect(t.shows("Why are you opening this record?"))
        #expect(!t.shows("Edith Bak"))
        #expect(try auditRows(w).filter { $0.subjectType == "fraud_queue" }.isEmpty)   // nothing listed before a purpose
        #expect(t.row(containing: "Fraud investigation").map { t.lines[$0].contains("▶") || t.lines[$0].contains(">") } ?? false)   // offered first to an investigator
        await t.press(.enter)
        #expect(t.stackTitles.last == "Cases")
        #expect(caseNumbers(t).first == FC.edithPass)   // the queue, highest risk first
        #expect(t.shows("Edith Bak"))
        #expect(t.shows("Purpose: Fraud investigation"))
        let listing = try #require(try auditRows(w).last { $0.subjectType == "fraud_queue" })
        #expect(listing.purpose == "Fraud investigation")
        // Opening a case from the queue needs no second question: the purpose is the piece of work's.
        await t.press(.enter)
        #expect(t.stackTitles.last?.hasPrefix("Case ") == true)
        #expect(!t.shows("Why are you opening this record?"))
    }

    /// Every evidence role a scan writes reads in full in the case's evidence table (its role
    /// column is 11 characters: "other_property" was cut to "Other Prop…").
    @Test func evidenceRolesFitTheirColumn() {
        let roles = ["claim", "other_adult", "death", "elsewhere", "void", "occupant", "omitted_adult", "resident",
                     "other_property", "tenant_here", "context"]
        for r in roles { #expect(CaseScreen.roleLabel(r).count <= 11, "\(r) → \(CaseScreen.roleLabel(r))") }
        #expect(CaseScreen.roleLabel("other_property") == "Also holds")
    }

    @Test("Declining a purpose lists no cases and says how to choose one; r asks again")
    func queueWithoutAPurposeListsNothing() async throws {
        let w = try fraudWarehouse()
        let (_, t) = try await withoutPurpose(w, first: CasesScreen())
        await t.press(.escape)
        #expect(t.stackTitles.last == "Cases")
        #expect(t.shows("A purpose is needed to list cases"))
        #expect(!t.shows("Edith Bak"))
        #expect(try auditRows(w).filter { $0.subjectType == "fraud_queue" }.isEmpty)
        await t.press(.char("r"))
        #expect(t.shows("Why are you opening this record?"))
    }

    @Test("Declining to give a purpose opens nothing and says how to choose one")
    func caseWithoutAPurposeShowsNothing() async throws {
        let w = try fraudWarehouse()
        let (_, t) = try await withoutPurpose(w, first: CaseScreen(id: FC.roseCourtSublet))
        await t.press(.escape)
        #expect(t.stackTitles.last == "Case \(FC.roseCourtSublet)")
        #expect(t.shows("A purpose is needed to open a case"))
        #expect(try auditRows(w).filter { $0.subjectType == "fraud_case" }.isEmpty)
    }
}
