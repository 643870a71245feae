import ArgumentParser
import Foundation
import Sourcing

/// Options every solving command shares.
struct SolverOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help:
            "Stop after this many seconds, counted from the start of the command, and return the best plan found (overrides the scenario's solver.timeLimitSeconds; a MIP without either stops after 300 s)."
    )
    var timeLimit: Double?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Relative MIP gap at which a MIP counts as solved (overrides solver.mipGap).")
    var mipGap: Double?

    @Option(
        name: .long, parsing: .unconditional,
        help: "A ceiling on GLPK's memory, in MiB; exceeding it is an error, not a crash.")
    var memoryLimit: Int?

    func validate() throws {
        if let timeLimit { try OptionLimits.checkSeconds(timeLimit, option: "--time-limit") }
        if let mipGap, !(mipGap >= 0 && mipGap < 1) {
            throw ValidationError("--mip-gap must be in [0, 1), got \(mipGap)")
        }
        if let memoryLimit { try OptionLimits.checkMegabytes(memoryLimit, option: "--memory-limit") }
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
            --out writes the plan JSON to a file, whole or not at all (checked before solving: \
            a symbolic link is followed, a device or FIFO written directly); --csv a folder of \
            tables; --xlsx a workbook of the same tables. Exit status: 0 a \
            plan, 2 bad input (or an output path that cannot be written, or numbers spanning a \
            range GLPK cannot solve with: the diagnosis names both ends), 3 infeasible (the \
            diagnosis says which rules cannot be met), 4 time limit without a plan, 5 the output \
            could not be written, 1 internal error.

            A MIP (whole units, fixed costs, minimum orders, onshoring) searches at most 300 s             when neither --time-limit nor the scenario's solver.timeLimitSeconds sets a limit;             the time limit covers the whole command. When stderr is a terminal, a progress line             (incumbent, bound, gap) appears about once a second during the search. Ctrl-C             during the search stops it and prints the best plan found: status feasible with its             gap (exit 0), or timeLimit without one (exit 4); a second Ctrl-C ends the command.
            """)

    @Argument(help: "The scenario: .yaml, .yml, .json, .xlsx, or a folder of CSV files.")
    var scenario: String

    @Option(name: .long, help: "Write the plan JSON to this file.")
    var out: String?

    @Option(name: .long, help: "What to print on stdout: text or json.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "Also write the plan as tidy CSV tables into this folder (created if missing).")
    var csv: String?

    @Option(
        name: .long, help: "Also write the plan as an .xlsx workbook: a summary sheet, then the CSV tables as sheets.")
    var xlsx: String?

    @Flag(name: .long, help: "Leave shadow prices, reduced costs and cost ranges out of the plan.")
    var noSensitivity = false

    @OptionGroup var solver: SolverOptions
    @OptionGroup var parallel: ParallelOptions

    func run() throws {
        // The time limit counts from here: one deadline for every step of the command.
        let started = ContinuousClock.now
        // Every output is checked before the solve: a plan computed for nothing is time lost.
        let outFile = try out.map { path throws(CLIError) in try OutputFile(path, inputs: [scenario]) }
        let csvFolder = try csv.map { path throws(CLIError) in try CSVFolder(path, inputs: [scenario]) }
        let xlsxFile = try workbookFile(xlsx, inputs: [scenario])
        let loaded = try LoadedScenario.load(scenario)
        var options = solver.planOptions
        options.sensitivity = !noSensitivity
        options.jobs = parallel.jobs
        options.startedAt = started
        options.progress = isatty(STDERR_FILENO) != 0
        GLPK.stopSearchesOnInterrupt()
        let document: PlanDocument
        do {
            document = try PlanDocument(solving: loaded.scenario, bytes: loaded.bytes, options: options)
        } catch {
            printError("internal error: the built model was rejected by the solver layer: \(error)")
            throw ExitCode(ExitStatus.internalError)
        }
        let plan = document.plan
        let json = document.json
        reportStop(plan, scenario: loaded.scenario, options: options)
        try outFile?.write(json)
        try csvFolder?.write(plan.csvTables)
        try writeWorkbook(xlsxFile) { () throws(SpreadsheetError) in try plan.workbook() }
        switch format {
        case .json: try printOutput(json)
        case .text: try printOutput(plan.summary(currency: loaded.scenario.currency))
        }
        if plan.status == .error || plan.status == .unbounded {
            for entry in plan.diagnosis ?? [] { printError("error: \(entry.message)") }
            if plan.status == .unbounded {
                printError(
                    "error: the model is unbounded, which valid scenarios never are: please report this scenario")
            }
        }
        let status = ExitStatus.of(plan)
        if status != 0 { throw ExitCode(status) }
    }

    /// A line on stderr when Ctrl-C or the default MIP time limit ended the search.
    func reportStop(_ plan: Plan, scenario: Scenario, options: PlanOptions) {
        guard plan.status == .feasible || plan.status == .timeLimit else { return }
        let found = plan.mipGap.map { "the best plan found (gap \(formatGap($0)))" } ?? "no plan found yet"
        if GLPK.interruptRequested {
            printError("interrupted: the search stopped with \(found)")
        } else if options.usesDefaultTimeLimit(for: scenario), let limit = plan.solver.settings.timeLimitSeconds {
            printError(
                "the MIP search stopped at the default time limit of \(formatSeconds(limit)) s with \(found); set --time-limit or solver.timeLimitSeconds to search longer"
            )
        }
    }
}

/// A relative gap as a percentage with up to 4 significant digits, e.g. "0.046%".
func formatGap(_ gap: Double) -> String {
    String(format: "%.4g%%", gap * 100)
}

/// Seconds without a needless fraction: "300", "2.5".
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
}
