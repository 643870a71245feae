import ArgumentParser
import Foundation
import Sourcing

/// `sourcing compare`: what changed between two plans, for what-if reviews.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Show what changed between two plans (costs, deliveries, sources, onshoring).",
        discussion: """
            Both files are plan JSON written by `sourcing solve --out`. Lists only differences: \
            total cost and cost by kind, the domestic/allied split and deliveries by country per \
            item and period, sources added, dropped or resized, onshoring milestones and \
            exclusions. Exit status: 0 compared (whether or not they differ), 2 a file is not a plan.
            """)

    @Argument(help: "The plan before the change (A).")
    var before: String

    @Argument(help: "The plan after the change (B).")
    var after: String

    @Option(name: .long, help: "text, json or csv (one row per difference).")
    var format: AnalysisFormat = .text

    @Option(name: .long, help: "Also write the comparison as an .xlsx workbook.")
    var xlsx: String?

    func run() throws {
        let xlsxFile = try workbookFile(xlsx, inputs: [before, after])
        let a = try PlanFile.load(before)
        let b = try PlanFile.load(after)
        let comparison = PlanComparison(before: a, after: b)
        switch format {
        case .text: try printOutput(comparison.text(beforeLabel: before, afterLabel: after))
        case .json: try printOutput(comparison.json.serialized())
        case .csv: try printOutput(comparison.table.csv)
        }
        try writeWorkbook(xlsxFile) { () throws(SpreadsheetError) in
            try comparison.workbook(currency: b.currency ?? a.currency)
        }
    }
}
