// swift-tools-version: 6.0
import PackageDescription

// A coverage-guided fuzz target (libFuzzer) over everything that reads a scenario: decoding
// (JSON and YAML), validation, model building and loading the model into GLPK. Kept in its
// own package, like Benchmarks/, so that the fuzzer's build flags stay out of the main build.
// Build and run it with `make fuzz` (see README.md here).
let package = Package(
    name: "sourcing-fuzz",
    dependencies: [
        .package(name: "sourcing", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "ScenarioFuzzer",
            dependencies: [.product(name: "Sourcing", package: "sourcing")])
    ]
)
