import ArgumentParser
import Foundation
import Sourcing

/// `sourcing report`: a plan (and optional analysis documents) as one self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a plan as a self-contained HTML report (inline CSS and SVG, no scripts).",
        discussion: """
            PLAN is a plan JSON written by `sourcing solve --out`. Further JSON files are analysis \
            documents recognised by their top-level "kind" (sweep, tornado, frontier, stress) and \
            drawn after the plan; others are skipped with a note on stderr. The page is written \
            whole or not at all. Exit status: 0 written, 2 a file cannot be read or is not a plan.
            """)

    @Argument(help: "The plan JSON, then any analysis documents (sweep, tornado, frontier, stress).")
    var files: [String]

    @Option(name: [.short, .customLong("output")], help: "Write the report to this file (default: stdout).")
    var output: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give the plan JSON to report on") }
    }

    func run() throws {
        let outFile = try output.map { path throws(CLIError) in try OutputFile(path, inputs: files) }
        let plan = try PlanFile.load(files[0])
        var analyses: [AnalysisDocument] = []
        for path in files.dropFirst() {
            let json = try PlanFile.readJSON(path)
            let label = URL(fileURLWithPath: path).lastPathComponent
            if let document = AnalysisDocument(json: json, label: label) {
                analyses.append(document)
            } else if let kind = AnalysisDocument.kindText(of: json) {
                printError(
                    "\(path): skipped: unknown kind \"\(kind)\" (the report draws \(AnalysisKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            } else if json["schemaVersion"] != nil, json["items"] != nil {
                printError("\(path): skipped: a plan; the report draws one plan (the first file)")
            } else {
                printError("\(path): skipped: no top-level \"kind\" key")
            }
        }
        let (html, notes) = HTMLReport(plan: plan, analyses: analyses).render()
        for note in notes { printError(note) }
        try emit(html, to: outFile)
    }
}

/// Reading plan and analysis files for report and compare: any problem is bad input (exit 2),
/// reported with the file name and the key.
enum PlanFile {
    static func readJSON(_ path: String) throws -> JSONValue {
        let text = try readInputText(path)
        do {
            return try JSONValue(parsing: text)
        } catch {
            printError("\(path): not JSON: \(error)")
            throw ExitCode(ExitStatus.badInput)
        }
    }

    /// Reads a plan JSON; a file that is not a plan (by key and type) exits with 2.
    static func load(_ path: String) throws -> Plan {
        let json = try readJSON(path)
        if let kind = AnalysisDocument.kindText(of: json) {
            printError("\(path): a \(kind) document, not a plan (make one with `sourcing solve --out`)")
            throw ExitCode(ExitStatus.badInput)
        }
        do {
            return try Plan(json: json)
        } catch {
            printError("\(path): not a plan: \(error)")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
