import ArgumentParser
import Foundation
import Sourcing

/// `sourcing timings` (hidden): where the time of one solve goes, for benchmarks and the
/// reference comparison (Benchmarks/compare.sh). Prints one JSON object on stdout.
///
/// Without `--decompose`, the monolithic path, step by step: read and validate the file
/// (`decode`), `PlanningModel(scenario:)` (`build`), `LinearProblem(model)`, i.e. handing the
/// matrix to GLPK (`load`), GLPK's solve (`solve`), and `makePlan` (`extract`). With
/// `--decompose`, `Scenario.solve` as `sourcing solve` runs it (item blocks in parallel), timed
/// as a whole (`solve`). Sensitivity and diagnosis are left out.
struct TimingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timings",
        abstract: "Time reading, model building, loading into GLPK, solving and plan extraction (diagnostic).",
        shouldDisplay: false)

    @Argument(help: "The scenario: .yaml, .yml, .json, .xlsx, or a folder of CSV files.")
    var scenario: String

    @Flag(name: .long, help: "Also solve and extract the plan (otherwise stop after loading the model into GLPK).")
    var solve = false

    @Flag(
        name: .long, help: "Solve as `sourcing solve` does (independent items as separate problems), timed as a whole.")
    var decompose = false

    @Option(
        name: .customLong("repeat"), parsing: .unconditional,
        help: "Build (and load) this many times and report the fastest of each step.")
    var repetitions: Int = 1

    @OptionGroup var solver: SolverOptions
    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        try OptionLimits.checkCount(repetitions, option: "--repeat", in: 1...1_000_000)
    }

    func run() throws {
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        var fields: [(String, String)] = []
        func add(_ key: String, _ value: Double) { fields.append((key, "\(value)")) }

        var loaded: LoadedScenario?
        add("decodeSeconds", seconds(try clock.measure { loaded = try LoadedScenario.load(self.scenario) }))
        let scenario = loaded!.scenario
        var options = solver.planOptions
        options.sensitivity = false
        options.jobs = parallel.jobs

        if decompose {
            guard solve else { throw ValidationError("--decompose times the solve: give --solve too") }
            var plan: Plan?
            add(
                "solveSeconds",
                seconds(try clock.measure { plan = try scenario.solve(identity: loaded!.identity, options: options) }))
            fields.append(("status", "\"\(plan!.status.rawValue)\""))
            fields.append(("objective", plan!.objective.map { "\($0)" } ?? "null"))
            try printOutput("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}\n")
            return
        }

        var best = (build: Double.infinity, load: Double.infinity)
        var model: PlanningModel?
        var problem: LinearProblem?
        for _ in 0..<repetitions {
            problem = nil
            model = nil
            let build = clock.measure { model = PlanningModel(scenario: scenario) }
            let load = try clock.measure { problem = try LinearProblem(model!.model) }
            best = (min(best.build, seconds(build)), min(best.load, seconds(load)))
        }
        add("buildSeconds", best.build)
        add("loadSeconds", best.load)
        fields.append(("rows", "\(model!.model.rowCount)"))
        fields.append(("columns", "\(model!.model.columnCount)"))
        fields.append(("nonzeros", "\(model!.model.nonzeroCount)"))
        fields.append(("integerColumns", "\(model!.model.columnKinds.filter { $0 != .continuous }.count)"))
        if solve {
            var solution: Solution?
            add(
                "solveSeconds",
                seconds(clock.measure { solution = problem!.solve(options.solveOptions(for: scenario)) }))
            var plan: Plan?
            add(
                "extractSeconds",
                seconds(
                    clock.measure {
                        plan = model!.makePlan(
                            solution: solution!, problem: problem!, identity: loaded!.identity, options: options)
                    }))
            fields.append(("status", "\"\(plan!.status.rawValue)\""))
            fields.append(("objective", plan!.objective.map { "\($0)" } ?? "null"))
        }
        try printOutput("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}\n")
    }
}
