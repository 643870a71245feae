import ArgumentParser
import Foundation
import Sourcing

/// `sourcing merge`: joins shard outputs into the result of one run.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join sweep shards (JSON) into the same result as one run.")

    @Argument(help: "Sweep documents written with --format json.")
    var files: [String]

    @Option(name: .long, help: "csv or json.")
    var format: TableFormat = .json

    @Option(name: .long, help: "Write the result to this file.")
    var out: String?

    @Option(name: .long, help: "Also write the result as an .xlsx workbook (summary and points).")
    var xlsx: String?

    func run() throws {
        let outFile = try out.map { path throws(CLIError) in try OutputFile(path, inputs: files) }
        let xlsxFile = try workbookFile(xlsx, inputs: files)
        var documents: [SweepDocument] = []
        for file in files {
            let text = try readInputText(file)
            // Each problem names its file and key: "shard-2.json: points[3].objective: expected a number, …".
            documents.append(
                try analysisRequest { () throws(AnalysisError) in
                    do { return try SweepDocument(jsonText: text) } catch { throw .badRequest("\(file): \(error)") }
                })
        }
        let merged = try analysisRequest { () throws(AnalysisError) in try SweepDocument.merge(documents) }
        try emit(format == .json ? merged.json.serialized() : merged.csv, to: outFile)
        try writeWorkbook(xlsxFile) { () throws(SpreadsheetError) in try merged.workbook(currency: nil) }
        if !merged.missing.isEmpty {
            printError(
                "warning: \(merged.missing.count) of \(merged.pointCount) points are missing (first: \(merged.missing[0]))"
            )
        }
    }
}
