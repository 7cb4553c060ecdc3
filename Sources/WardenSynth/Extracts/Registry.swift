import Foundation
import WardenLinkage

/// Every extract the borough produces, in manifest order, with the function that writes it.
enum Registry {
    static let extracts: [(ExtractSpec, @Sendable (ExtractContext) -> Void)] = [
        (PropertyExtracts.gazetteer, PropertyExtracts.writeGazetteer),
        (PersonExtracts.councilTax, PersonExtracts.writeCouncilTax),
        (PersonExtracts.electoral, PersonExtracts.writeElectoral),
        (PersonExtracts.housingBenefit, PersonExtracts.writeHousingBenefit),
        (PersonExtracts.tenancy, PersonExtracts.writeTenancies),
        (EventExtracts.hmoLicence, { EventExtracts.writeLicences($0, selective: false) }),
        (EventExtracts.selectiveLicence, { EventExtracts.writeLicences($0, selective: true) }),
        (EventExtracts.asb, EventExtracts.writeASB),
        (EventExtracts.fpn, EventExtracts.writeFPN),
        (EventExtracts.pest, EventExtracts.writePest),
        (EventExtracts.summons, EventExtracts.writeSummons),
        (EventExtracts.noise, EventExtracts.writeNoise),
        (EventExtracts.inspection, EventExtracts.writeInspections),
        (PersonExtracts.freedomPass, PersonExtracts.writeFreedomPasses),
        (PersonExtracts.blueBadge, PersonExtracts.writeBlueBadges),
        (PersonExtracts.deaths, PersonExtracts.writeDeaths),
        (FamilyExtracts.schoolRoll, FamilyExtracts.writeSchoolRoll),
        (FamilyExtracts.troubledFamilies, FamilyExtracts.writeTroubledFamilies),
        (PropertyExtracts.businessRates, PropertyExtracts.writeBusinessRates),
        (PropertyExtracts.epc, PropertyExtracts.writeEPC),
    ]

    static let fraudCaseTypes = ["single_person_discount", "deceased_holder", "subletting", "undeclared_member",
                                 "occupied_exemption", "business_rates_relief"]
}

/// Collects results from writer threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: (records: Int, bytes: Int, fraud: [FraudRow])] = [:]
    private var errors: [Error] = []
    private var done = 0

    /// Stores a job's result and reports progress under the lock, so fractions only ever rise.
    func put(_ i: Int, _ r: (records: Int, bytes: Int, fraud: [FraudRow]), stage: String, jobs: Int,
             progress: (@Sendable (Double, String) -> Void)?) {
        lock.lock(); defer { lock.unlock() }
        results[i] = r
        done += 1
        progress?(0.4 + 0.55 * Double(done) / Double(jobs), stage)
    }
    func fail(_ e: Error) { lock.lock(); errors.append(e); lock.unlock() }
    func result(_ i: Int) -> (records: Int, bytes: Int, fraud: [FraudRow])? { lock.lock(); defer { lock.unlock() }; return results[i] }
    var firstError: Error? { lock.lock(); defer { lock.unlock() }; return errors.first }
}

/// Writes all files for a built world: extracts in parallel (each on its own random stream, so the
/// bytes never depend on scheduling), then the manifest and the truth files.
struct Writer {
    let world: World
    let directory: String
    let progress: (@Sendable (Double, String) -> Void)?

    func run() throws -> GenerationSummary {
        let w = world
        let dir = directory
        let extracts = Registry.extracts
        let box = ResultBox()
        // Jobs: every extract, plus the two large truth tables.
        let jobCount = extracts.count + 2
        // Biggest first so the two cores finish together.
        let order: [Int] = [extracts.count, 1, 2, 0, 16, extracts.count + 1, 3, 19, 13] +
            (0..<extracts.count).filter { ![1, 2, 0, 16, 3, 19, 13].contains($0) }
        let progress = self.progress
        DispatchQueue.concurrentPerform(iterations: jobCount) { k in
            let i = order[k]
            do {
                if i < extracts.count {
                    let (spec, write) = extracts[i]
                    let ctx = try ExtractContext(world: w, spec: spec, directory: dir, truthPart: dir + "/truth/.records-" + spec.name + ".part")
                    write(ctx)
                    try ctx.close()
                    box.put(i, (ctx.records, ctx.writer.file.bytesWritten, ctx.fraud), stage: spec.name, jobs: jobCount, progress: progress)
                } else if i == extracts.count {
                    try TruthWriter.persons(w, path: dir + "/truth/persons.csv")
                    box.put(i, (0, 0, []), stage: "truth/persons", jobs: jobCount, progress: progress)
                } else {
                    try TruthWriter.properties(w, path: dir + "/truth/properties.csv")
                    box.put(i, (0, 0, []), stage: "truth/properties", jobs: jobCount, progress: progress)
                }
            } catch {
                box.fail(error)
            }
        }
        if let e = box.firstError { throw e }
        progress?(0.96, "truth")
        // Records: concatenate the parts in manifest order.
        let records = try OutputFile(path: dir + "/truth/records.csv")
        records.write("source,line,person_id,uprn,usrn\n")
        for (spec, _) in extracts {
            let part = dir + "/truth/.records-" + spec.name + ".part"
            if let data = FileManager.default.contents(atPath: part) { records.write(contentsOf: data) }
            try? FileManager.default.removeItem(atPath: part)
        }
        try records.close()
        var fraud: [FraudRow] = []
        for i in extracts.indices { fraud += box.result(i)?.fraud ?? [] }
        try TruthWriter.fraud(w, fraud, path: dir + "/truth/fraud.csv")
        try Manifest.write(w, extracts.map { $0.0 }, path: dir + "/sources.toml")
        progress?(1.0, "done")

        // Summary.
        var summary = GenerationSummary(residentsAtAsOf: 0, personsInTruth: w.persons.count, households: w.households.count,
                                        properties: w.properties.count, dwellings: 0, hmos: 0, licensedHMOs: 0,
                                        extracts: [], fraudCases: [], tags: [])
        summary.residentsAtAsOf = w.stays.reduce(0) { $0 + ($1.to == .max && w.occupancies[Int($1.occupancy)].to == .max ? 1 : 0) }
        for p in w.properties where p.kind.isDwelling {
            summary.dwellings += 1
            if p.isHMO { summary.hmos += 1; if p.hmoLicensed { summary.licensedHMOs += 1 } }
        }
        for (i, (spec, _)) in extracts.enumerated() {
            let r = box.result(i)!
            summary.extracts.append(.init(source: spec.name, file: spec.file, rows: r.records, bytes: r.bytes))
        }
        for t in Registry.fraudCaseTypes { summary.fraudCases.append((t, fraud.filter { $0.caseType == t }.count)) }
        var tagCounts = [Int](repeating: 0, count: PersonTags.names.count)
        for q in w.persons {
            for (k, (tag, _)) in PersonTags.names.enumerated() where q.tags.contains(tag) { tagCounts[k] += 1 }
        }
        for (k, (_, name)) in PersonTags.names.enumerated() { summary.tags.append((name, tagCounts[k])) }
        return summary
    }
}
