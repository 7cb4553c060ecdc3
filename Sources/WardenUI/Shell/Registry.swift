import Foundation
import TerminalKit

/// What the dashboard can be extended with: commands for the palette and tiles for the home
/// screen. Later panels (wards, cases, pilots, sources, audit) add theirs to ``standard``.
public struct DashboardRegistry: Sendable {
    /// Commands the palette offers, in the order it lists them.
    public var commands: [PaletteCommand]
    /// Home tiles, in the order they are laid out.
    public var tiles: [any HomeTile]

    public init(commands: [PaletteCommand], tiles: [any HomeTile]) {
        self.commands = commands
        self.tiles = tiles
    }

    /// Everything the dashboard has today.
    public static let standard = DashboardRegistry(commands: PaletteCommand.standard + PaletteCommand.risk + PaletteCommand.fraud + PaletteCommand.pilotsSourcesAudit, tiles: StandardTiles.all)
}

/// A command in the palette: a name, an optional argument, and what running it does.
public struct PaletteCommand: Sendable {
    /// What the officer types first ("person").
    public var name: String
    /// The argument's name as shown ("ID"), or nil for none.
    public var argument: String?
    /// One line saying what it does.
    public var summary: String
    /// Other words that find it ("find" for search).
    public var aliases: [String]
    /// Whether a bare number typed in the palette should offer this command (person ID, property UPRN).
    public var takesNumber: Bool
    /// Runs the command with the text after its name.
    public var run: @Sendable (_ argument: String, _ context: ScreenContext) -> PaletteOutcome

    public init(_ name: String, argument: String? = nil, summary: String, aliases: [String] = [], takesNumber: Bool = false,
                run: @escaping @Sendable (_ argument: String, _ context: ScreenContext) -> PaletteOutcome) {
        self.name = name
        self.argument = argument
        self.summary = summary
        self.aliases = aliases
        self.takesNumber = takesNumber
        self.run = run
    }

    /// The commands every dashboard has.
    public static let standard: [PaletteCommand] = [
        PaletteCommand("search", argument: "TEXT", summary: "Find people and properties", aliases: ["find"]) { arg, context in
            if let r = context.data.screenRefusal("search", what: "search for people and properties") { return .error(r) }
            return .push(SearchScreen(query: arg))
        },
        PaletteCommand("person", argument: "ID", summary: "Open a person by virtual id", takesNumber: true) { arg, context in
            guard let id = Int64(arg.filter { !$0.isWhitespace }) else { return .error("person needs a virtual id, e.g. person 1381424") }
            if let r = context.data.screenRefusal("person", what: "open a person's record") { return .error(r) }
            guard context.data.exists(.person, id) else { return .error("No virtual person \(id) in this warehouse: find them with / and a name.") }
            return .push(PersonScreen(id: id))
        },
        PaletteCommand("property", argument: "UPRN", summary: "Open a property by UPRN", aliases: ["uprn"], takesNumber: true) { arg, context in
            guard let uprn = Int64(arg.filter { !$0.isWhitespace }) else { return .error("property needs a UPRN, e.g. property 000100023456") }
            if let r = context.data.screenRefusal("property", what: "open a property's record") { return .error(r) }
            guard context.data.exists(.property, uprn) else { return .error("No property with UPRN \(Format.uprn(uprn)) in the gazetteer: find it with / and the address.") }
            return .push(PropertyScreen(uprn: uprn))
        },
        PaletteCommand("purpose", summary: "Say why you are opening records (recorded with every access)", aliases: ["why"]) { _, _ in
            .push(PurposeScreen())
        },
        PaletteCommand("home", summary: "Back to the home screen") { _, _ in .home },
        PaletteCommand("back", summary: "Back to the previous screen") { _, _ in .back },
        PaletteCommand("theme", argument: "[NAME]", summary: "Next colour theme, or the one named",
                       aliases: ["colours", "colors"]) { arg, _ in
            .theme(arg.isEmpty ? nil : arg)
        },
        PaletteCommand("mouse", argument: "[on|off]", summary: "Turn mouse clicks on or off") { arg, _ in
            switch arg.lowercased() {
            case "on": return .mouse(true)
            case "off": return .mouse(false)
            case "": return .mouse(nil)
            default: return .error("mouse takes on or off")
            }
        },
        PaletteCommand("help", summary: "Every key of this screen", aliases: ["keys"]) { _, _ in .help },
        PaletteCommand("quit", summary: "Leave Warden", aliases: ["exit"]) { _, _ in .quit },
    ]
}

/// What running a palette command does.
public enum PaletteOutcome: Sendable {
    case push(any DashboardScreen)
    case home
    case back
    case help
    /// Next theme (nil) or the named one.
    case theme(String?)
    /// Mouse on, off, or toggled (nil).
    case mouse(Bool?)
    case quit
    /// The command could not run: say why.
    case error(String)
}

/// A tile on the home screen: a few figures from the warehouse, with rows that may open a screen.
///
/// A tile loads off the terminal thread. Return nil to leave the tile out (the warehouse has no
/// data for it yet); the home screen never shows an empty placeholder.
public protocol HomeTile: Sendable {
    /// A stable name (used as the load id).
    var id: String { get }
    /// The tile's title.
    var title: String { get }
    /// Reads the tile's figures.
    func load(_ data: DashboardData, today: CalendarDay) throws -> TileContent?
}

/// A tile's figures: label/value rows, each optionally styled and leading somewhere.
public struct TileContent: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var label: String
        public var value: String
        /// The value's look ("status.warn" for rejects); nil for ordinary text.
        public var role: Role?
        /// Where Enter on the row goes.
        public var target: Destination?

        public init(_ label: String, _ value: String, role: Role? = nil, target: Destination? = nil) {
            self.label = label
            self.value = value
            self.role = role
            self.target = target
        }
    }

    public var rows: [Row]
    /// A line under the rows ("2 of 9 sources had rejects"), or nil.
    public var note: String?

    public init(rows: [Row], note: String? = nil) {
        self.rows = rows
        self.note = note
    }
}
