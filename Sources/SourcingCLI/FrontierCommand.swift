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

    @Option(name: .long, help: "text, json or csv.")
    var format: AnalysisFormat = .text

    @Option(name: .long, help: "Write the result to this file.")
    var out: String?

    @Option(name: .long, help: "Also write the result as an .xlsx workbook.")
    var xlsx: String?

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var solver: SolverOptions

    func run() throws {
        let outFile = try out.map { path throws(CLIError) in try OutputFile(path, inputs: [scenario]) }
        let xlsxFile = try workbookFile(xlsx, inputs: [scenario])
        let base = try analysisBase(scenario, solver: solver)
        let frontier = try analysisRequest { () throws(AnalysisError) in
            try Frontier(base: base, item: item, shares: try Frontier.shares(parsing: domesticShare))
        }
        let bar = ProgressBar("frontier")
        let points = frontier.run(jobs: parallel.jobs, progress: bar.update)
        switch format {
        case .json: try emit(frontierJSON(points, base: base, item: item).serialized(), to: outFile)
        case .csv: try emit(frontierOutputTable(points).csv, to: outFile)
        case .text: try emit(frontierTable(points, item: item, currency: base.scenario.currency), to: outFile)
        }
        try writeWorkbook(xlsxFile) { () throws(SpreadsheetError) in try frontierWorkbook(points, base: base, item: item) }
    }
}
