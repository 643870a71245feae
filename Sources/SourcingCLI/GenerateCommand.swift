import ArgumentParser
import Sourcing

enum ScenarioFileFormat: String, ExpressibleByArgument, CaseIterable {
    case json, yaml

    var format: ScenarioFormat { self == .json ? .json : .yaml }
}

/// `sourcing generate`: a deterministic, valid and feasible scenario of any size.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a generated scenario of a given size (for benchmarks and scale tests).",
        discussion: """
            The scenario is realistic (a domestic country and allies with export approvals, IP \
            protection and screening; share caps, domestic-share rules, lead times, concurrent \
            capacity; with onshoring lines, resilience, minimum sources, fixed costs and \
            minimum orders unless --lp-core), valid, and feasible by construction: every item \
            has a domestic line with ample capacity and no lead time. The same options give the \
            same bytes on every machine (a seeded SplitMix64, never the system's random numbers).
            """)

    @Option(name: .long, parsing: .unconditional, help: "Number of items.")
    var items: Int

    @Option(
        name: .long, parsing: .unconditional, help: "Sources per item (the first is always an ample domestic line).")
    var sourcesPerItem: Int

    @Option(name: .long, parsing: .unconditional, help: "Number of countries, the domestic one included.")
    var countries: Int

    @Option(name: .long, parsing: .unconditional, help: "Number of periods.")
    var periods: Int

    @Option(
        name: .long, parsing: .unconditional, help: "Share of items with whole units (0 to 1); above 0 makes a MIP.")
    var integerShare: Double = 0

    @Option(name: .long, parsing: .unconditional, help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Flag(
        name: .long, help: "Only the LP core: no onshoring, resilience, minimum sources, fixed costs or minimum orders."
    )
    var lpCore = false

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Give the scenario a budget: this share of an estimate of its unconstrained spend in every period.",
            discussion:
                "The estimate buys each period's demand just in time from the cheapest eligible sources within capacity and share rules. The budget ties every item together; a share near or below 1 can make the scenario infeasible."
        ))
    var budgetShare: Double?

    @Option(name: .long, help: "json or yaml (default: from --out's extension, else json).")
    var format: ScenarioFileFormat?

    @Option(name: .long, help: "Write the scenario to this file (whole or not at all) instead of stdout.")
    var out: String?

    var options: ScenarioGeneratorOptions {
        ScenarioGeneratorOptions(
            items: items, sourcesPerItem: sourcesPerItem, countries: countries, periods: periods,
            integerShare: integerShare, seed: seed, lpCore: lpCore, budgetShare: budgetShare)
    }

    func validate() throws {
        if let problem = options.problem { throw ValidationError(Self.message(problem)) }
    }

    /// A generator problem in this command's words, naming the option to fix.
    static func message(_ problem: ScenarioGeneratorOptions.Problem) -> String {
        switch problem {
        case .belowOne(.items): "--items must be at least 1"
        case .belowOne(.sourcesPerItem): "--sources-per-item must be at least 1"
        case .belowOne(.countries): "--countries must be at least 1 (the domestic one)"
        case .belowOne(.periods): "--periods must be at least 1"
        case .integerShareOutOfRange: "--integer-share must be between 0 and 1"
        case .budgetShareOutOfRange: "--budget-share must be above 0 and at most 1000"
        case .tooLarge, .gridTooLarge: problem.description
        }
    }

    func run() throws {
        let outFile = try out.map { path throws(CLIError) in try OutputFile(path) }
        guard let scenario = ScenarioGenerator.generate(options) else { throw ExitCode(ExitStatus.badInput) }
        var fileFormat = format?.format ?? .json
        if format == nil, let out, let dot = out.lastIndex(of: ".") {
            fileFormat = ScenarioFormat(pathExtension: String(out[out.index(after: dot)...])) ?? .json
        }
        let text = ScenarioWriter.text(scenario, format: fileFormat)
        try emit(text, to: outFile)
    }
}
