import WardenLinkage

/// How a column maps to a canonical field in the manifest.
enum ColumnMapping {
    case field(String)
    case required(String)
    case values(String, [(String, String)])
    case ignore
}

/// Everything the manifest says about one extract.
struct ExtractSpec {
    var name: String
    var system: String
    var kind: String
    var title: String
    var file: String
    var dialect: Dialect
    var dateFormats: [String] = []
    var nameFormat: String? = nil
    var key: [String] = []
    var eventType: String? = nil
    var columns: [(String, ColumnMapping)]

    var header: [String] { columns.map { $0.0 } }
}

/// One planted fraud case as written to truth/fraud.csv.
struct FraudRow {
    var caseType: String
    var person: Int32
    var property: Int32
    var source: String
    var line: Int
    var detail: String
}

/// The state one extract writer works with: its world, its writer, its random stream, and the
/// ground-truth rows it owes.
final class ExtractContext {
    let world: World
    let spec: ExtractSpec
    let writer: CSVWriter
    let truth: OutputFile
    var rng: SeededRandom
    let render: Renderer
    var fraud: [FraudRow] = []
    private var line = 0

    init(world: World, spec: ExtractSpec, directory: String, truthPart: String) throws {
        self.world = world
        self.spec = spec
        self.writer = try CSVWriter(path: directory + "/" + spec.file, dialect: spec.dialect,
                                    header: spec.dialect.delimiter == 0 ? nil : spec.header)
        self.truth = try OutputFile(path: truthPart)
        self.rng = world.rng("extract:" + spec.name)
        self.render = Renderer(world: world)
    }

    @inline(__always) func add(_ s: String) { writer.add(s) }
    @inline(__always) func empty() { writer.add("") }

    /// Ends the record and writes its truth row; returns the record's start line.
    @discardableResult
    func end(person: Int32 = -1, property: Int32 = -1, street: Int32 = -1) -> Int {
        let l = writer.endRecord()
        line = l
        truth.text(spec.name)
        truth.byte(44)
        truth.int(l)
        truth.byte(44)
        if person >= 0 { world.writePersonID(person, truth) }
        truth.byte(44)
        if property >= 0 { world.writeUPRN(property, truth) }
        truth.byte(44)
        if street >= 0 { truth.int(Int(world.streets[Int(street)].usrn)) }
        truth.endLine()
        return l
    }

    func plant(_ caseType: String, person: Int32, property: Int32, line: Int, detail: String) {
        fraud.append(FraudRow(caseType: caseType, person: person, property: property, source: spec.name, line: line, detail: detail))
    }

    func close() throws {
        try writer.close()
        try truth.close()
    }

    var records: Int { writer.records }

    // MARK: shortcuts

    func date(_ d: Int32, _ pattern: String) -> String { Renderer.format(d, pattern) }
    func dateOrEmpty(_ d: Int32, _ pattern: String) -> String { d == .max || d == .min ? "" : Renderer.format(d, pattern) }
}
