import Foundation
import Testing

/// The command line obeys the same policy as the dashboard: what a role may not see on screen it
/// cannot get with `--json` either.
@Suite("Access on the command line (real binary)")
struct AccessCommandLineTests {
    func warehouse() throws -> String {
        let db = WardenBinary.tempDir("access").appendingPathComponent("w.sqlite").path
        #expect(try WardenBinary.run(["dashboard-fixture", "--db", db]).status == 0)
        for (account, role) in [("lead.pat", "programme_lead"), ("enf.eve", "enforcement_officer")] {
            let r = try WardenBinary.run(["users", "add", account, "--role", role, "--db", db])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return db
    }

    @Test func rolesGetWhatThePolicyAllowsAndAClearRefusalOtherwise() throws {
        let db = try warehouse()
        // A programme lead may not open a person, nor search people.
        let lead = try WardenBinary.run(["person", "1381424", "--purpose", "Tenancy management", "--json", "--db", db], environment: ["USER": "lead.pat"])
        #expect(lead.status != 0)
        #expect(lead.stderr.contains("Programme lead") && lead.stderr.contains("may not"))
        #expect(lead.stdout.isEmpty)
        // An enforcement officer sees the person without identifiers, contacts or care flags: withheld, named.
        let enf = try WardenBinary.run(["person", "1381424", "--purpose", "HMO", "--json", "--db", db], environment: ["USER": "enf.eve"])
        #expect(enf.status == 0, "\(enf.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(enf.stdout.utf8)) as! [String: Any]
        #expect(json["nino"] == nil || json["nino"] is NSNull)
        #expect(Set(json["withheld"] as! [String]).isSuperset(of: ["identifiers", "contact", "social_care"]))
        #expect((json["flags"] as! [Any]).isEmpty)
        // Without a purpose nothing is shown; a stranger is told how to be added.
        let noPurpose = try WardenBinary.run(["person", "1381424", "--db", db], environment: ["USER": "enf.eve", "WARDEN_PURPOSE": ""])
        #expect(noPurpose.status != 0 && noPurpose.stderr.contains("purpose"))
        let stranger = try WardenBinary.run(["search", "smith", "--db", db], environment: ["USER": "mallory"])
        #expect(stranger.status != 0 && stranger.stderr.contains("warden users add mallory"))
        // Only an admin may add users.
        let sneaky = try WardenBinary.run(["users", "add", "enf.eve", "--role", "dpo", "--db", db], environment: ["USER": "enf.eve"])
        #expect(sneaky.status != 0)
        // And the log shows it all, intact.
        let verify = try WardenBinary.run(["audit", "verify", "--db", db])
        #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout)\(verify.stderr)")
    }
}
