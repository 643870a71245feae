import ArgumentParser
import Foundation
import Sourcing

/// `sourcing convert`: a scenario from one form to another (YAML, JSON, workbook, CSV folder).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write a scenario as YAML, JSON, an .xlsx workbook or a folder of CSV files.",
        discussion: """
            IN is a scenario in any form: .yaml, .yml, .json, .xlsx, or a folder of CSV files. The \
            form of OUT follows its name: .yaml/.yml, .json, .xlsx, and anything else (a name \
            without an extension, or an existing folder) is a folder of CSV files, one per sheet. \
            The scenario is validated first; the output reads back to the same scenario, with \
            every field and default written out. Files are written whole or not at all. Exit \
            status: 0 written, 2 bad input (every problem reported).
            """)

    @Argument(help: "The scenario to read.")
    var input: String

    @Argument(help: "Where to write it: FILE.yaml, FILE.json, FILE.xlsx or a folder for CSV files.")
    var output: String

    func run() throws {
        let loaded = try LoadedScenario.load(input)
        try writeScenario(loaded.scenario, to: output)
    }
}

/// Writes `scenario` in the form `path` names (see `sourcing convert`).
func writeScenario(_ scenario: Scenario, to path: String) throws {
    let name = URL(fileURLWithPath: path).lastPathComponent
    let pathExtension = name.contains(".") ? String(name[name.index(after: name.lastIndex(of: ".")!)...]).lowercased() : ""
    var isFolder: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
    do {
        if let format = ScenarioFormat(pathExtension: pathExtension), !isFolder.boolValue {
            try writeAtomically(ScenarioWriter.text(scenario, format: format), to: path)
        } else if pathExtension == "xlsx" && !isFolder.boolValue {
            try writeAtomically(Data(ScenarioWriter.workbook(scenario)), to: path)
        } else if ["xls", "xlsm", "ods", "csv", "txt"].contains(pathExtension) && !isFolder.boolValue {
            printError("\(path): cannot write a scenario as .\(pathExtension); use .yaml, .json, .xlsx, or a folder name for CSV files")
            throw ExitCode(ExitStatus.badInput)
        } else {
            if exists && !isFolder.boolValue {
                printError("\(path): exists and is not a folder; a name without an extension is written as a folder of CSV files")
                throw ExitCode(ExitStatus.badInput)
            }
            let files = try ScenarioWriter.csvFiles(scenario)
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw CLIError("cannot create \(path): \(error.localizedDescription)")
            }
            for file in files {
                try writeAtomically(file.text, to: URL(fileURLWithPath: path).appendingPathComponent(file.name).path)
            }
        }
    } catch let error as ScenarioError {
        for problem in error.problems { printError("\(path): \(problem)") }
        throw ExitCode(ExitStatus.badInput)
    }
}

/// `sourcing template`: a workbook to start a scenario from.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write an .xlsx workbook to fill in: every sheet and column, a README sheet, one example row.",
        discussion: """
            The README sheet explains each sheet and column; the example rows make a valid \
            scenario, so the template solves as it is. Fill it in with Excel or LibreOffice, then \
            `sourcing validate FILE.xlsx` and `sourcing solve FILE.xlsx`.
            """)

    @Argument(help: "The workbook to write (FILE.xlsx).")
    var output: String

    func validate() throws {
        if !output.lowercased().hasSuffix(".xlsx") { throw ValidationError("the template is a workbook: name it FILE.xlsx") }
    }

    func run() throws {
        try writeAtomically(Data(ScenarioWriter.templateWorkbook()), to: output)
    }
}
