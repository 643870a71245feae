import Foundation
import Testing
import Spreadsheet
@testable import SourcingScenario

// The workbook form (an .xlsx workbook or a folder of CSV files) read and written in process:
// every example model round-trips, and bad cells get the exact message with sheet and cell.
// The round trips through a real spreadsheet client (openpyxl) are in SourcingCLITests.

private let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models")

private func model(_ name: String) throws -> Scenario {
    try ScenarioLoader().load(path: models.appendingPathComponent("\(name).yaml").path)
}

private let modelNames = ["arctic-security-cutter", "aesa-radar-modules", "joint-coproduction", "rare-earth-magnets"]

/// The arctic model's sheets with `edit` applied, read back: the problems' descriptions.
private func problems(_ edit: (inout [Sheet]) -> Void) throws -> [String] {
    var sheets = try WorkbookFormWriter.sheets(model("arctic-security-cutter"))
    edit(&sheets)
    let bytes = try XLSXWriter.bytes(Workbook(sheets: sheets))
    do {
        _ = try ScenarioLoader().decodeWorkbook(bytes)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

extension [Sheet] {
    /// Sets the cell at `reference` (A1 style) of the sheet named `sheet`.
    mutating func set(_ sheet: String, _ reference: String, _ value: CellValue) {
        let index = firstIndex { $0.name == sheet }!
        let ref = CellReference(reference)!
        var rows = self[index].rows
        var row = rows.firstIndex { $0.number == ref.row }.map { rows[$0] } ?? SheetRow(number: ref.row, cells: [])
        row.cells.removeAll { $0.reference == ref }
        if value != .empty { row.cells.append(Cell(reference: ref, value: value)) }
        row.cells.sort { $0.reference.column < $1.reference.column }
        rows.removeAll { $0.number == ref.row }
        rows.append(row)
        rows.sort { $0.number < $1.number }
        self[index].rows = rows
    }
}

@Suite struct WorkbookFormTests {
    @Test(arguments: modelNames) func everyModelRoundTripsThroughAWorkbook(name: String) throws {
        let scenario = try model(name)
        let back = try ScenarioLoader().decodeWorkbook(ScenarioWriter.workbook(scenario))
        #expect(back == scenario)
        #expect(ScenarioWriter.text(back, format: .yaml) == ScenarioWriter.text(scenario, format: .yaml))
    }

    @Test(arguments: modelNames) func everyModelRoundTripsThroughACSVFolder(name: String) throws {
        let scenario = try model(name)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-form-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in try ScenarioWriter.csvFiles(scenario) {
            try Data(file.text.utf8).write(to: folder.appendingPathComponent(file.name))
        }
        let back = try ScenarioLoader().loadCSVFolder(path: folder.path).scenario
        #expect(back == scenario)
    }

    @Test func theSameScenarioGivesTheSameWorkbookBytes() throws {
        let scenario = try model("arctic-security-cutter")
        #expect(try ScenarioWriter.workbook(scenario) == ScenarioWriter.workbook(scenario))
    }

    @Test func aMisspeltColumnIsNamedWithItsCell() throws {
        // Only the header is reported: the rows' missing unitCost is what the misspelling means.
        #expect(try problems { $0.set("sources", "E1", .text("unitCots")) } == [
            "sources!E1: sources: unknown column \"unitCots\"; did you mean \"unitCost\"?",
        ])
    }

    @Test func anEmptyPeriodCellIsRefused() throws {
        // items!F1 is demand[FY28].
        #expect(try problems { $0.set("items", "F2", .empty) } == [
            "items!F2: items[asc-hull].demand[FY28]: a period column may not be left empty; enter the value for FY28 (0 if none)",
        ])
    }

    @Test func textInANumberColumn() throws {
        #expect(try problems { $0.set("sources", "E2", .text("n/a")) } == [
            "sources!E2: sources[rauma-yard].unitCost: expected a number, got \"n/a\"",
        ])
        // Decimal text is a number, as the format says.
        #expect(try problems { $0.set("sources", "E2", .text(" 470.0 ")) } == [])
    }

    @Test func aDuplicateIdAcrossRows() throws {
        #expect(try problems { $0.set("sources", "A5", .text("gulf-coast-yard")) } == [
            "sources!A5: sources[gulf-coast-yard].id: duplicate source id \"gulf-coast-yard\" (also at sources!A4); ids must be unique",
        ])
    }
}
