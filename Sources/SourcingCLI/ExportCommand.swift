import ArgumentParser
import Foundation
import Sourcing

extension ModelFileFormat: ExpressibleByArgument {}

/// `sourcing export`: the built model with readable row and column names, for any LP solver.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the scenario's model as an LP or MPS file with readable names.",
        discussion: """
            Rows and columns are named after the formulation (order[rauma-yard,FY27], \
            balance[asc-hull,FY28], ...). Formats: lp (CPLEX LP), freemps (free MPS, keeps names), \
            mps (fixed MPS; GLPK replaces names longer than 8 characters), glpk (GLPK's own). \
            The file is written whole or not at all. Exit status: 0 written, 2 bad scenario, \
            1 internal error.
            """)

    @Argument(help: "The scenario: .yaml, .yml, .json, .xlsx, or a folder of CSV files.")
    var scenario: String

    @Option(name: .long, help: "lp, mps, freemps or glpk.")
    var format: ModelFileFormat = .lp

    @Option(name: [.short, .customLong("output")], help: "Write the model to this file (default: stdout).")
    var output: String?

    func run() throws {
        let loaded = try LoadedScenario.load(scenario)
        let model = PlanningModel(scenario: loaded.scenario, names: true)
        // GLPK writes to a path; write to a private temporary file, then hand the text to
        // writeAtomically so the target appears whole or not at all.
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("sourcing-export-\(ProcessInfo.processInfo.processIdentifier).\(format.rawValue)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let text: String
        do {
            let problem = try LinearProblem(model.model)
            try problem.write(to: temporary.path, format: format)
            guard let data = FileManager.default.contents(atPath: temporary.path),
                  let written = String(data: data, encoding: .utf8) else {
                throw CLIError("cannot read back the exported model")
            }
            text = written
        } catch let error as CLIError {
            printError("internal error: \(error)")
            throw ExitCode(ExitStatus.internalError)
        } catch {
            printError("internal error: the solver layer could not export the model: \(error)")
            throw ExitCode(ExitStatus.internalError)
        }
        if let output { try writeAtomically(text, to: output) } else { printOutput(text) }
    }
}
