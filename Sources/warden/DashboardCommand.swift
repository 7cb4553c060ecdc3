import ArgumentParser
import Foundation
import WardenCore
import WardenUI

/// How the dashboard looks and behaves: shared by bare `warden` and `warden dashboard`.
struct DashboardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Colour theme: default, light, high-contrast, colour-blind, monochrome, a file you made in ~/.config/warden/themes, or a path. t or F9 cycles themes while running.",
        valueName: "name"))
    var theme: String?

    @Flag(name: .customLong("no-mouse"), help: "Do not take over the mouse (keep the terminal's own selection).")
    var noMouse = false

    @Flag(name: .long, help: "Plain mode for screen readers: ASCII only, no colour, no mouse, the cursor on the selected row.")
    var plain = false

    var options: Dashboard.Options { Dashboard.Options(theme: theme, mouse: !noMouse, plain: plain) }
}

/// `warden dashboard`: opens the dashboard on an existing warehouse.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the dashboard on a warehouse (bare `warden` does this after building the sample on first run).",
        discussion: """
        Search residents and properties with /, open a single view with Enter, go back with Esc; \
        ? lists every key of the screen you are on, : opens the command palette, q quits. \
        Every person or property you open, and every search you settle on, is written to the access log. \
        NO_COLOR is honoured.
        """
    )

    @OptionGroup var warehouse: WarehouseOptions
    @OptionGroup var dashboard: DashboardOptions

    func run() throws {
        try DashboardCommand.open(try warehouse.open(use: .interactive), options: dashboard.options)
    }

    /// Runs the dashboard when both ends are a terminal; otherwise prints the summary, so
    /// `warden | less` and scripts still get text. Exits with 128+signal after Ctrl-C.
    static func open(_ w: Warehouse, options: Dashboard.Options) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            try Summary.print(w)
            return
        }
        let outcome = try Dashboard.run(warehouse: w, options: options)
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}

/// `warden dashboard-fixture --db PATH`: writes the dashboard's small synthetic test warehouse.
struct DashboardFixtureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard-fixture",
        abstract: "Write the dashboard's small synthetic, already-linked test warehouse to a new file.",
        discussion: "For tests and demonstrations before linkage has run; it refuses to overwrite an existing file.",
        shouldDisplay: false
    )

    @OptionGroup var warehouse: WarehouseOptions

    func run() throws {
        guard let db = warehouse.db else { throw ValidationError("Give the new file with --db PATH.") }
        try DashboardFixture.build(at: db)
        Terminal.note("Wrote the dashboard fixture to \(db)")
    }
}
