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
            balance[asc-hull,FY28], ...), spelled with letters, digits and _ ( ) , . so that every \
            format keeps them (order(rauma_yard,FY27)); the header comment maps back the names \
            spelled otherwise. Formats: lp (CPLEX LP), freemps (free MPS), mps (fixed MPS; names \
            longer than 8 characters are numbered), glpk (GLPK's own). The file is read back into \
            GLPK and checked against the model before it is written, whole or not at all. Exit \
            status: 0 written, 2 bad scenario or output path, 5 output failed, 1 internal error.
            """)

    @Argument(help: "The scenario: .yaml, .yml, .json, .xlsx, or a folder of CSV files.")
    var scenario: String

    @Option(name: .long, help: "lp, mps, freemps or glpk.")
    var format: ModelFileFormat = .lp

    @Option(name: [.short, .customLong("output")], help: "Write the model to this file (default: stdout).")
    var output: String?

    func run() throws {
        let outFile = try output.map { path throws(CLIError) in try OutputFile(path, inputs: [scenario]) }
        let loaded = try LoadedScenario.load(scenario)
        let model = PlanningModel(scenario: loaded.scenario, names: true)
        let file: ModelFile
        do {
            file = try ModelFile(model.model, format: format)
        } catch .emptyModel {
            printError(
                "\(scenario): the model is empty (no items with sources, so nothing to decide): there is nothing to export"
            )
            throw ExitCode(ExitStatus.badInput)
        } catch .fileError(let path, let message) {
            printError("cannot export the model: \(path): \(message)")
            throw ExitCode(ExitStatus.outputFailed)
        } catch {
            printError("internal error: the solver layer could not export the model: \(error)")
            throw ExitCode(ExitStatus.internalError)
        }
        try emit(file.text, to: outFile)
    }
}
