// swift-tools-version: 6.1
import PackageDescription

// Layers, each knowing only layers below it (see README "Architecture"); every module a target
// imports is declared here, so the graph below is the whole truth:
// CGLPK (C) -> LinearSolver; Documents (the ordered tree, JSON reading and writing, number
// text) -> Spreadsheet (which writes numbers with Documents' formatter); Documents and
// Spreadsheet -> SourcingScenario; LinearSolver and SourcingScenario -> SourcingModel
// -> SourcingAnalysis -> SourcingOutput (which also uses Documents, and re-exports it for plan
// JSON) -> Sourcing (umbrella library) -> SourcingServer (`sourcing serve`) and SourcingCLI
// (the `sourcing` tool).
let package = Package(
    name: "sourcing",
    products: [
        .library(name: "Sourcing", targets: ["Sourcing"]),
        .library(name: "LinearSolver", targets: ["LinearSolver"]),
        .executable(name: "sourcing", targets: ["SourcingCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Spreadsheets (issue 19): the ZIP container and XML parts of .xlsx, and CSV reading.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", exact: "0.18.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        // `sourcing serve`: HTTP serving and SQLite storage.
        // No traits: swift-configuration and the FoundationEssentials split are not needed, and cost build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // GLPK's header and library. Debian ships no glpk.pc, so the module map links it.
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK", providers: [.apt(["libglpk-dev"])]),
        // The error guard (setjmp around GLPK calls) and terminal hook: Swift cannot setjmp.
        .target(name: "CGLPKShim", dependencies: ["CGLPK"], path: "Sources/CGLPKShim"),
        // Safe Swift over GLPK; knows nothing of sourcing.
        .target(name: "LinearSolver", dependencies: ["CGLPK", "CGLPKShim"]),
        // Documents: the one ordered tree (key order, duplicates, numbers' text as written), the
        // strict JSON reader and writer, the JSON string escaper and the number formatter;
        // knows nothing of sourcing.
        .target(name: "Documents"),
        // Spreadsheets: cells, sheets, .xlsx and CSV reading and writing; knows nothing of sourcing.
        .target(
            name: "Spreadsheet",
            dependencies: [
                "Documents",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // The scenario file format: decoding, validation, defaults.
        .target(name: "SourcingScenario", dependencies: ["Documents", "Yams", "Spreadsheet"]),
        // The formulation: scenario -> rows/columns, solution -> plan.
        .target(name: "SourcingModel", dependencies: ["SourcingScenario", "LinearSolver"]),
        // Many solves of one scenario: sweeps, tornado, frontier, stress tests.
        .target(name: "SourcingAnalysis", dependencies: ["LinearSolver", "SourcingScenario", "SourcingModel"]),
        // Plan JSON, text summary, CSV, HTML report.
        .target(
            name: "SourcingOutput",
            dependencies: ["Documents", "Spreadsheet", "SourcingScenario", "SourcingModel", "SourcingAnalysis"]),
        // One import for other Swift tools.
        .target(
            name: "Sourcing",
            dependencies: [
                "LinearSolver", "Spreadsheet", "SourcingScenario", "SourcingModel", "SourcingAnalysis",
                "SourcingOutput",
            ]),
        // `sourcing serve`: the HTTP API, its OpenAPI document, SQLite storage and the browser UI.
        .target(
            name: "SourcingServer",
            dependencies: [
                "Sourcing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [
                // Built into the binary (one file to copy, nothing to find at run time): the web UI,
                // the OpenAPI document, and models/ (a symbolic link) as the bundled example models.
                .embedInCode("Web"), .embedInCode("Models"),
            ]),
        .executableTarget(
            name: "SourcingCLI",
            dependencies: [
                "Sourcing", "SourcingServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // What several test targets share: the seeded random source, the example models, the
        // scenario mutator. A regular target (test targets cannot depend on each other).
        .target(
            name: "TestSupport", dependencies: ["Documents", "LinearSolver", "SourcingScenario", "SourcingModel"],
            path: "Tests/TestSupport"),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "LinearSolverTests", dependencies: ["LinearSolver", "TestSupport"]),
        .testTarget(
            name: "SpreadsheetTests",
            dependencies: ["Spreadsheet", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(
            name: "SourcingScenarioTests",
            dependencies: ["Documents", "Spreadsheet", "SourcingScenario", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "SourcingModelTests",
            dependencies: [
                "LinearSolver", "SourcingScenario", "SourcingModel", "SourcingOutput", "TestSupport",
            ]),
        .testTarget(
            name: "SourcingAnalysisTests",
            dependencies: [
                "SourcingScenario", "SourcingModel", "SourcingAnalysis", "SourcingOutput", "TestSupport",
            ]),
        .testTarget(name: "SourcingCLITests", dependencies: ["Sourcing", "TestSupport"], exclude: ["openpyxl"]),
        .testTarget(name: "SourcingServerTests", dependencies: ["SourcingServer", "Sourcing"]),
        .testTarget(
            name: "SourcingOutputTests",
            dependencies: [
                "LinearSolver", "Spreadsheet", "SourcingScenario", "SourcingModel", "SourcingAnalysis",
                "SourcingOutput",
                "TestSupport",
            ]),
    ]
)
