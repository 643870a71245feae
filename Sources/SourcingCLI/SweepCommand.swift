import ArgumentParser
import Foundation
import Sourcing

enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json
}

/// `sourcing sweep`: solve a grid of scenario variants.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Solve the scenario for each value of one or two parameters.",
        discussion: """
            PATH names a numeric field: sources[ID].unitCost, sources[ID].capacity[FY28], \
            items[ID].demand[FY30], items[ID].domesticShare.min, policy.budget, discountRate, ... \
            VALUES is a list (10,12,15), a range with a number of points (10..20:5), or factors \
            of the base value (x0.5..x2:16, x0.9,x1.1). Two --vary make a grid. Points that only \
            change costs or bounds re-use the built model and the base's optimal basis. \
            --shard K/N solves every N-th point from K (also taken from SLURM_ARRAY_TASK_ID/COUNT, \
            or JOB_COMPLETION_INDEX with SOURCING_SHARD_COUNT); `sourcing merge` joins the parts. \
            Ctrl-C keeps every finished point; rerun with --resume to solve only the missing ones.
            """)

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(name: .long, help: "PATH=VALUES; give one or two.")
    var vary: [String] = []

    @Option(name: .long, help: "csv or json.")
    var format: TableFormat = .csv

    @Option(name: .long, help: "Write the result to this file (whole or not at all).")
    var out: String?

    @Option(name: .long, help: "Also write the result as an .xlsx workbook (summary and points).")
    var xlsx: String?

    @Option(name: .customLong("shard"), help: "Solve only the points of shard K/N (K from 0).")
    var shardSpec: String?

    @Flag(name: .long, help: "Rebuild and solve every point from scratch (for comparison).")
    var cold = false

    @Flag(name: .long, help: "Read --out (JSON) and solve only the points it lacks.")
    var resume = false

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var solver: SolverOptions

    func validate() throws {
        if vary.isEmpty || vary.count > 2 { throw ValidationError("give one or two --vary PATH=VALUES") }
        if resume && (out == nil || format != .json) {
            throw ValidationError("--resume needs --out FILE with --format json")
        }
    }

    func run() throws {
        let outFile = try out.map { path throws(CLIError) in try OutputFile(path, inputs: [scenario]) }
        let xlsxFile = try workbookFile(xlsx, inputs: [scenario])
        let base = try analysisBase(scenario, solver: solver)
        let sweep = try analysisRequest { () throws(AnalysisError) -> Sweep in
            let parameters = try vary.map { spec throws(AnalysisError) in
                // The library names the specification; the message names the option it came in.
                do throws(AnalysisError) { return try Sweep.Parameter(specification: spec, in: base.scenario) } catch {
                    guard case .badValues(_, let why) = error else { throw error }
                    throw .badValues("--vary \(spec)", why)
                }
            }
            return try Sweep(base: base, parameters: parameters)
        }
        let shard = try analysisRequest { () throws(AnalysisError) -> Shard? in
            if let shardSpec { return try Shard(parsing: shardSpec) }
            return try Shard.fromEnvironment(ProcessInfo.processInfo.environment)
        }
        var previous: [PointResult] = []
        if resume, let out, FileManager.default.fileExists(atPath: out) {
            let text = try readInputText(out)
            let document = try analysisRequest { () throws(AnalysisError) in
                do { return try SweepDocument(jsonText: text) } catch { throw .badRequest("\(out): \(error)") }
            }
            let fresh = SweepDocument(sweep: sweep, shard: shard, points: [])
            guard document.scenario == fresh.scenario,
                document.parameters.map({ $0.path }) == fresh.parameters.map({ $0.path }),
                document.parameters.map({ $0.values }) == fresh.parameters.map({ $0.values }), document.shard == shard
            else {
                printError("error: \(out) comes from another scenario, grid or shard; remove it or drop --resume")
                throw ExitCode(ExitStatus.badInput)
            }
            previous = document.points
        }
        installStopHandlers()
        let bar = ProgressBar("sweep")
        let results = sweep.run(
            jobs: parallel.jobs, warm: !cold, shard: shard, skip: Set(previous.map(\.index)),
            shouldStop: { stopRequested.load(ordering: .relaxed) }, progress: bar.update)
        let points = (previous + results.compactMap { $0 }).sorted { $0.index < $1.index }
        let document = SweepDocument(sweep: sweep, shard: shard, points: points)
        try emit(format == .json ? document.json.serialized() : document.csv, to: outFile)
        try writeWorkbook(xlsxFile) { () throws(SpreadsheetError) in
            try document.workbook(currency: base.scenario.currency)
        }
        let missing = document.missing.count
        if missing > 0 {
            printError(
                "stopped: \(missing) of \(points.count + missing) points not solved\(out != nil && format == .json ? "; rerun with --resume to solve only those" : "")"
            )
            throw ExitCode(130)
        }
    }
}
