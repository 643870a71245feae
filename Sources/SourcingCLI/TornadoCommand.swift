import ArgumentParser
import Foundation
import Sourcing

/// `sourcing tornado`: which parameters move total cost most.
struct TornadoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tornado",
        abstract: "Move each cost, capacity and demand parameter down and up; rank by the swing in total cost.")

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(name: .long, parsing: .unconditional, help: "The share to move each parameter by, e.g. 20% or 0.2.")
    var by: String = "20%"

    @Option(
        name: .long,
        help:
            "A parameter path to include (repeat); default: every unit cost, capacity, demand, holding, fixed and facility cost, budget."
    )
    var parameter: [String] = []

    @OptionGroup var output: AnalysisOutputOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var solver: SolverOptions

    /// `--by` as a fraction: "20%" and "0.2" are 0.2.
    var share: Double? {
        let text = by.hasSuffix("%") ? String(by.dropLast()) : by
        guard let value = Double(text), value.isFinite else { return nil }
        let share = by.hasSuffix("%") ? value / 100 : value
        return share > 0 && share < 1 ? share : nil
    }

    func validate() throws {
        if share == nil {
            throw ValidationError("--by must be a share above 0 and below 100%, such as 20% or 0.2, got \(by)")
        }
    }

    func run() throws {
        guard let share else { throw ValidationError("--by must be a share such as 20% or 0.2") }
        let files = try output.files(inputs: [scenario])
        let base = try analysisBase(scenario, solver: solver)
        let tornado = try analysisRequest { () throws(AnalysisError) -> Tornado in
            let paths = try parameter.map { text throws(AnalysisError) in try ParameterPath(text, in: base.scenario) }
            return try Tornado(base: base, share: share, paths: paths.isEmpty ? nil : paths)
        }
        let bar = ProgressBar("tornado")
        let bars = tornado.run(jobs: parallel.jobs, progress: bar.update)
        try files.write(
            text: { tornadoTable(bars, base: base, share: share) },
            json: { tornadoJSON(bars, base: base, share: share) }, csv: { tornadoOutputTable(bars).csv },
            workbook: { () throws(SpreadsheetError) in try tornadoWorkbook(bars, base: base, share: share) })
    }
}
