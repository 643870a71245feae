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
            form of OUT follows its name: .yaml/.yml, .json, .xlsx; an existing folder, or a new \
            name without an extension, is a folder of CSV files, one per sheet; a device or a pipe \
            (/dev/stdout, a FIFO) gets YAML. \
            The scenario is validated first; the output reads back to the same scenario, with \
            every field and default written out. Files are written whole or not at all. Exit \
            status: 0 written, 2 bad input (every problem reported).
            """)

    @Argument(help: "The scenario to read.")
    var input: String

    @Argument(help: "Where to write it: FILE.yaml, FILE.json, FILE.xlsx or a folder for CSV files.")
    var output: String

    func run() throws {
        let target = try ScenarioTarget(output, inputs: [input])
        let loaded = try LoadedScenario.load(input)
        try target.write(loaded.scenario)
    }
}

/// Where `sourcing convert` writes, in the form its name says, checked before the input is read.
struct ScenarioTarget {
    private enum Form {
        case text(ScenarioFormat, OutputFile)
        case workbook(OutputFile)
        case csvFolder(CSVFolder)
    }
    private let form: Form
    let path: String

    init(_ path: String, inputs: [String]) throws(CLIError) {
        self.path = path
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let pathExtension =
            name.contains(".") ? String(name[name.index(after: name.lastIndex(of: ".")!)...]).lowercased() : ""
        var info = stat()
        let kind = stat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
        let isFolder = kind == S_IFDIR
        if pathExtension.isEmpty && (kind == S_IFCHR || kind == S_IFIFO) {
            // A device or a pipe (/dev/stdout, a FIFO) is written as YAML, never taken for a
            // CSV folder.
            form = .text(.yaml, try OutputFile(path, inputs: inputs))
        } else if isFolder || pathExtension.isEmpty || path.hasSuffix("/") {
            form = .csvFolder(try CSVFolder(path, inputs: inputs))
        } else if let format = ScenarioFormat(pathExtension: pathExtension) {
            form = .text(format, try OutputFile(path, inputs: inputs))
        } else if pathExtension == "xlsx" {
            form = .workbook(try OutputFile(path, inputs: inputs))
        } else {
            throw CLIError(
                "cannot write \(path): a scenario is written as .yaml, .yml, .json, .xlsx or a folder of CSV files (a name without an extension)",
                status: ExitStatus.badInput)
        }
    }

    /// Writes the scenario; what the form cannot hold is bad input (exit 2), with its path.
    func write(_ scenario: Scenario) throws {
        do {
            switch form {
            case .text(let format, let file): try file.write(ScenarioWriter.text(scenario, format: format))
            case .workbook(let file): try file.write(bytes: ScenarioWriter.workbook(scenario))
            case .csvFolder(let folder): try folder.write(files: ScenarioWriter.csvFiles(scenario))
            }
        } catch let error as ScenarioError {
            for problem in error.problems { printError("\(path): \(problem)") }
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
