import ArgumentParser
import Foundation
import Sourcing

/// `sourcing frontier`: the cost of onshoring.
struct FrontierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontier",
        abstract: "The least cost for each required domestic share of an item (the cost of onshoring).",
        discussion: "Each point replaces the item's domesticShare rule with a minimum over the whole horizon.")

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(name: .long, help: "The item's id.")
    var item: String

    @Option(name: .long, help: "Required domestic shares: a list (0,0.5,1) or a range (0..1:11).")
    var domesticShare: String = "0..1:11"

    @OptionGroup var output: AnalysisOutputOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var solver: SolverOptions

    func run() throws {
        let files = try output.files(inputs: [scenario])
        let base = try analysisBase(scenario, solver: solver)
        let frontier = try analysisRequest { () throws(AnalysisError) in
            try Frontier(base: base, item: item, shares: try Frontier.shares(parsing: domesticShare))
        }
        let bar = ProgressBar("frontier")
        let points = frontier.run(jobs: parallel.jobs, progress: bar.update)
        try files.write(
            text: { frontierTable(points, item: item, currency: base.scenario.currency) },
            json: { frontierJSON(points, base: base, item: item) }, csv: { frontierOutputTable(points).csv },
            workbook: { () throws(SpreadsheetError) in try frontierWorkbook(points, base: base, item: item) })
    }
}
