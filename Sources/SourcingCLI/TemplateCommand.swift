import ArgumentParser
import Foundation
import Sourcing

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
        if !output.lowercased().hasSuffix(".xlsx") {
            throw ValidationError("the template is a workbook: name it FILE.xlsx")
        }
    }

    func run() throws {
        try OutputFile(output).write(bytes: ScenarioWriter.templateWorkbook())
    }
}
