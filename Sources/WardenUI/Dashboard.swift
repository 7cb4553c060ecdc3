import Foundation
import TerminalKit
import WardenCore

/// Opens the dashboard in the terminal.
public enum Dashboard {
    /// How the dashboard should look and behave, from the command line.
    public struct Options: Sendable {
        /// A theme name or path (`--theme`); nil for the default.
        public var theme: String?
        /// Mouse clicks and the wheel (`--no-mouse` turns them off).
        public var mouse: Bool
        /// Plain mode for screen readers (`--plain`): ASCII, no colour, no mouse, the cursor on the selection.
        public var plain: Bool
        /// The officer's name for the access log; nil for the operating-system account.
        public var user: String?

        public init(theme: String? = nil, mouse: Bool = true, plain: Bool = false, user: String? = nil) {
            self.theme = theme
            self.mouse = mouse
            self.plain = plain
            self.user = user
        }
    }

    /// Today in the local time zone, as a calendar day.
    public static func today(_ date: Date = Date()) -> CalendarDay {
        let c = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDay(ordinal: 0)
    }

    /// Runs the dashboard over `warehouse` until the officer quits; returns how it ended, with
    /// the terminal restored. Theme problems are written to standard error first.
    public static func run(warehouse: Warehouse, options: Options = Options()) throws -> ProgramExit {
        let catalog = ThemeCatalog(appName: "warden")
        let load = catalog.load(options.theme ?? "default")
        for problem in load.diagnostics {
            FileHandle.standardError.write(Data("warden: \(problem)\n".utf8))
        }
        let data = try DashboardData(warehouse: warehouse, user: options.user)
        // A purpose given in the environment (WARDEN_PURPOSE) starts the session; else the first
        // record opened asks for one.
        if let p = ProcessInfo.processInfo.environment["WARDEN_PURPOSE"], !p.isEmpty {
            try data.access.setPurpose(p, caseReference: ProcessInfo.processInfo.environment["WARDEN_CASE"])
        }
        let app = DashboardApp(data: data, today: today(),
                               themeName: load.theme.name, mouse: options.mouse && !options.plain)
        let program = Program(app, options: ProgramOptions(
            theme: load.theme, catalog: catalog, mouse: options.mouse, plain: options.plain))
        return try program.run()
    }
}
