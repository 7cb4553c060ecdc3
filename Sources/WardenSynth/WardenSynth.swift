import Foundation
import WardenLinkage

/// What borough to generate: its size, its seed and its extract date.
public struct BoroughSpec: Sendable {
    /// Residents living in the borough at the as-of date (approximately: households come whole).
    public var residents: Int
    /// Everything is derived from this seed; the same spec gives the same bytes on every machine.
    public var seed: UInt64
    /// The extract date: "today" for the data.
    public var asOf: CivilDate

    public init(residents: Int, seed: UInt64, asOf: CivilDate = CivilDate(year: 2026, month: 10, day: 31)!) {
        self.residents = residents
        self.seed = seed
        self.asOf = asOf
    }

    /// The borough committed under `sample-data/` (a test regenerates it and compares every byte).
    public static let sample = BoroughSpec(residents: 5_000, seed: 20_261_031)
}

/// What was generated: counts a person (or a benchmark) would want to see.
public struct GenerationSummary: Sendable {
    /// One written extract.
    public struct Extract: Sendable {
        public var source: String
        public var file: String
        public var rows: Int
        public var bytes: Int
    }
    public var residentsAtAsOf: Int
    public var personsInTruth: Int
    public var households: Int
    public var properties: Int
    public var dwellings: Int
    public var hmos: Int
    public var licensedHMOs: Int
    public var extracts: [Extract]
    /// Planted fraud cases by case type, in a fixed order.
    public var fraudCases: [(caseType: String, count: Int)]
    /// Person tags (twin, father_son, ...) with how many people carry each.
    public var tags: [(tag: String, count: Int)]

    /// Total data rows across extracts (gazetteer included).
    public var totalRows: Int { extracts.reduce(0) { $0 + $1.rows } }
}

/// The synthetic borough generator.
public enum WardenSynth {}

/// Generates a synthetic borough: the gazetteer, every council extract in its own dialect, the
/// manifest (`sources.toml`) describing them, and the ground truth under `truth/`.
public enum BoroughGenerator {
    /// Writes sources.toml, every extract and truth/ into `directory`; reports progress (0...1, stage name).
    ///
    /// Extracts are written on worker threads, so `progress` may be called from any thread; calls
    /// are serialised and the fraction never falls.
    public static func generate(_ spec: BoroughSpec, to directory: String,
                                progress: (@Sendable (Double, String) -> Void)? = nil) throws -> GenerationSummary {
        guard spec.residents >= 100 else { throw SynthError.invalidSpec("residents must be at least 100 (got \(spec.residents))") }
        guard spec.residents <= 20_000_000 else { throw SynthError.invalidSpec("residents must be at most 20,000,000") }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory + "/truth", withIntermediateDirectories: true)
        } catch {
            throw SynthError.cannotCreateDirectory(directory)
        }
        progress?(0.0, "gazetteer")
        let world = World(seed: spec.seed, asOf: spec.asOf)
        // Each builder lives only for its stage, so its working memory is gone before the next.
        do {
            var gaz = GazetteerBuilder(world: world, targetDwellings: max(60, Int(Double(spec.residents) / 2.75)))
            gaz.build()
        }
        progress?(0.08, "population")
        do {
            var pop = PopulationBuilder(world: world)
            pop.build()
        }
        world.buildIndexes()
        progress?(0.3, "services")
        do {
            var svc = ServicesBuilder(world: world, residents: spec.residents)
            svc.build()
        }
        world.buildIndexes()   // landlords, ratepayers and visitors added people
        progress?(0.4, "extracts")
        return try Writer(world: world, directory: directory, progress: progress).run()
    }
}
