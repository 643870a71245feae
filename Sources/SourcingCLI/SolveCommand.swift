import ArgumentParser
import Foundation
import Sourcing

/// Options every solving command shares.
struct SolverOptions: ParsableArguments {
    @Option(name: .long, help: "Stop after this many seconds and return the best plan found (overrides the scenario's solver.timeLimitSeconds).")
    var timeLimit: Double?

    @Option(name: .long, help: "Relative MIP gap at which a MIP counts as solved (overrides solver.mipGap).")
    var mipGap: Double?

    @Option(name: .long, help: "A ceiling on GLPK's memory, in MiB; exceeding it is an error, not a crash.")
    var memoryLimit: Int?

    func validate() throws {
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let mipGap, !(mipGap >= 0 && mipGap < 1) { throw ValidationError("--mip-gap must be in [0, 1)") }
        if let memoryLimit, memoryLimit < 1 { throw ValidationError("--memory-limit must be at least 1 (MiB)") }
    }

    var planOptions: PlanOptions {
        PlanOptions(timeLimitSeconds: timeLimit, mipGap: mipGap, memoryLimitMegabytes: memoryLimit)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `sourcing solve`: scenario to plan.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a scenario and print the recommended plan.",
        discussion: """
            By default prints a readable summary; --format json prints the plan document. \
            --out writes the plan JSON to a file, whole or not at all. Exit status: 0 a plan, \
            2 bad input, 3 infeasible (the diagnosis says which rules cannot be met), 4 time limit \
            without a plan, 1 internal error.
            """)

    @Argument(help: "The scenario file (.yaml, .yml or .json).")
    var scenario: String

    @Option(name: .long, help: "Write the plan JSON to this file.")
    var out: String?

    @Option(name: .long, help: "What to print on stdout: text or json.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "Also write the plan as tidy CSV tables into this folder (created if missing).")
    var csv: String?

    @Flag(name: .long, help: "Leave shadow prices, reduced costs and cost ranges out of the plan.")
    var noSensitivity = false

    @OptionGroup var solver: SolverOptions
    @OptionGroup var parallel: ParallelOptions

    func run() throws {
        let loaded = try LoadedScenario.load(scenario)
        var options = solver.planOptions
        options.sensitivity = !noSensitivity
        options.jobs = parallel.jobs
        let document: PlanDocument
        do {
            document = try PlanDocument(solving: loaded.scenario, bytes: loaded.bytes, options: options)
        } catch {
            printError("internal error: the built model was rejected by the solver layer: \(error)")
            throw ExitCode(ExitStatus.internalError)
        }
        let plan = document.plan, json = document.json
        if let out { try writeAtomically(json, to: out) }
        if let csv { try writeCSVTables(plan, to: csv) }
        switch format {
        case .json: printOutput(json)
        case .text: printOutput(plan.summary(currency: loaded.scenario.currency))
        }
        if plan.status == .error || plan.status == .unbounded {
            for entry in plan.diagnosis ?? [] { printError("error: \(entry.message)") }
            if plan.status == .unbounded { printError("error: the model is unbounded, which valid scenarios never are: please report this scenario") }
        }
        let status = ExitStatus.of(plan.status)
        if status != 0 { throw ExitCode(status) }
    }
}

