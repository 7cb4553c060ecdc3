// swift-tools-version:6.0
import PackageDescription

// Warden: a terminal dashboard over a borough's local data warehouse.
// Layering (dependencies point downwards only):
//   warden (CLI)  ->  WardenUI  ->  TerminalKit -> CNcurses
//                 ->  WardenCore -> WardenLinkage, GRDB, TOMLKit, COpenSSL
//                 ->  WardenSynth (synthetic borough generator; the pipeline never imports it)
let package = Package(
    name: "warden",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C shim over ncursesw: the macros and globals Swift cannot import.
        .target(
            name: "CNcurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // SHA-256 from the system's OpenSSL libcrypto (file identity, audit hash chain).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Terminal toolkit: cells, canvas, widgets, themes, keys, backends. Knows nothing of boroughs.
        .target(
            name: "TerminalKit",
            dependencies: ["CNcurses", "TOMLKit"]
        ),
        // Pure linkage algorithms: UK identifiers, text normalisation, address parsing and
        // matching, probabilistic person linkage. No database, no terminal.
        .target(name: "WardenLinkage"),
        // The synthetic borough generator (and its ground truth). Only the CLI and tests use it.
        .target(
            name: "WardenSynth",
            dependencies: ["WardenLinkage"]
        ),
        // The shared core: warehouse, ingest, linkage orchestration, risk, fraud, pilots, audit.
        .target(
            name: "WardenCore",
            dependencies: [
                "WardenLinkage",
                "COpenSSL",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw C API, for the few measured hot paths (bulk insert during ingest).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "TOMLKit",
            ]
        ),
        // The app's screens and navigation, built from TerminalKit, reading WardenCore.
        .target(
            name: "WardenUI",
            dependencies: ["TerminalKit", "WardenCore"]
        ),
        // The executable: the command line; no arguments opens the dashboard.
        .executableTarget(
            name: "warden",
            dependencies: [
                "WardenCore", "WardenUI", "WardenLinkage", "WardenSynth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "WardenLinkageTests", dependencies: ["WardenLinkage"]),
        .testTarget(name: "WardenSynthTests", dependencies: ["WardenSynth"]),
        .testTarget(name: "WardenCoreTests", dependencies: ["WardenCore", "WardenLinkage", "WardenSynth", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "WardenUITests", dependencies: ["WardenUI", "WardenCore", "TerminalKit"], exclude: ["Goldens"]),
        // Runs the real binary in tmux; needs `swift build` to have produced it.
        .testTarget(name: "EndToEndTests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
