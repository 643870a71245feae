// swift-tools-version: 6.1
// Benchmarks of sourcing (issue 9), apart from the main package so that its build and tests
// never pull in the benchmark framework. Run from the repository root with `make bench`, or
// here with `swift package --allow-writing-to-package-directory benchmark`.
import PackageDescription

// A path dependency is named after its folder, which is not "sourcing" in every clone.
let mainPackage = String(#filePath.split(separator: "/").dropLast(2).last ?? "sourcing")

let package = Package(
    name: "sourcing-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        // The interposer gives malloc counts; the trait must be named with Swift 6.3 (see
        // shared/design/glpk-notes.md).
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SourcingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Sourcing", package: mainPackage),
            ],
            path: "Benchmarks/SourcingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
