import Foundation
import Testing
@testable import WardenCore

@Suite("Search: names in other scripts")
struct SearchTests {
    /// A council tax extract that writes two residents' names in their own scripts.
    func warehouse() throws -> Warehouse {
        let ctax = Fixture.ctax + """
        A5|李小龍|3 High St||E17 7JY|||01/01/2020|N
        A6|عبدالله صالح|2 High St||E17 7JY|||01/01/2020|N

        """
        let w = try Fixture.freshWarehouse()
        try Ingestor(warehouse: w).build(try Manifest.load(path: Fixture.write(files: ["ctax.psv": Array(ctax.utf8)])))
        try Users.bootstrap(w, account: "dpo.anne")
        let admin = try Access.resolve(w, account: "dpo.anne")
        try Users.add("housing.officer", role: "housing_officer", team: nil, name: nil, by: admin, warehouse: w)
        return w
    }

    /// An officer types what they heard: the Latin letters find the name written in Chinese or
    /// Arabic, and the name itself still finds it.
    @Test func latinLettersFindANameWrittenInAnotherScript() throws {
        let w = try warehouse()
        let a = try officer(w, "housing_officer")
        let search = SearchService(warehouse: w)
        #expect(try search.search("li xiao long", access: a).people.contains { $0.name.contains("李小龍") })
        #expect(try search.search("李小龍", access: a).people.contains { $0.name.contains("李小龍") })
        #expect(try search.search("abdallh", access: a).people.contains { $0.name.contains("عبدالله") })
        // Latin names are indexed as before
        #expect(try search.search("john smith", access: a).people.contains { $0.name.lowercased().contains("smith") })
    }
}
