import Documents
import Foundation
import Spreadsheet
import TestSupport
import Testing

@testable import SourcingScenario

// The workbook form (an .xlsx workbook or a folder of CSV files) read and written in process:
// every example model round-trips, and bad cells get the exact message with sheet and cell.
// The round trips through a real spreadsheet client (openpyxl) are in SourcingCLITests.

private let models = Repository.models

private func model(_ name: String) throws -> Scenario {
    try ScenarioLoader().load(path: models.appendingPathComponent("\(name).yaml").path)
}

/// Every example model (the folder's YAML files), so a new model is covered without a change here.
private let modelNames = ExampleModels.names

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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "workbook-form-\(name)-\(UUID().uuidString)")
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
        #expect(
            try problems { $0.set("sources", "E1", .text("unitCots")) } == [
                "sources!E1: sources: unknown column \"unitCots\"; did you mean \"unitCost\"?"
            ])
    }

    @Test func anEmptyPeriodCellIsRefused() throws {
        // items!G1 is demand[FY28].
        #expect(
            try problems { $0.set("items", "G2", .empty) } == [
                "items!G2: items[asc-hull].demand[FY28]: a period column may not be left empty; enter the value for FY28 (0 if none)"
            ])
    }

    @Test func textInANumberColumn() throws {
        #expect(
            try problems { $0.set("sources", "E2", .text("n/a")) } == [
                "sources!E2: sources[rauma-yard].unitCost: expected a number, got \"n/a\""
            ])
        // Decimal text is a number, as the format says.
        #expect(try problems { $0.set("sources", "E2", .text(" 470.0 ")) } == [])
    }

    @Test func aDuplicateIdAcrossRows() throws {
        #expect(
            try problems { $0.set("sources", "A5", .text("gulf-coast-yard")) } == [
                "sources!A5: sources[gulf-coast-yard].id: duplicate source id \"gulf-coast-yard\" (also at sources!A4); ids must be unique"
            ])
    }
}

extension WorkbookFormTests {
    /// Components and capacity pools: `consumes` and `members` as `id:perUnit` text.
    @Test func componentsAndPoolsRoundTrip() throws {
        let scenario = try ScenarioLoader().load(path: ScenarioLinksTests.sharedYard.path)
        let sheets = try WorkbookFormWriter.sheets(scenario)
        #expect(sheets.map(\.name) == ["scenario", "countries", "items", "sources", "capacityPools"])
        let pools = try #require(sheets.last)
        #expect(
            pools.rows.map { $0.cells.map(\.value) }.first == [
                .text("id"), .text("name"), .text("capacity"), .text("capacityMode"), .text("members"),
            ])
        #expect(pools.rows[1].cells.last?.value == .text("gulf-cutter:1, gulf-frigate:1.5"))
        #expect(try ScenarioLoader().decodeWorkbook(XLSXWriter.bytes(Workbook(sheets: sheets))) == scenario)
        let sources = try #require(sheets.first { $0.name == "sources" })
        let header = sources.rows[0].cells.map(\.value)
        let consumes = try #require(header.firstIndex(of: .text("consumes")))
        #expect(sources.rows[1].cells.first { $0.reference.column == consumes + 1 }?.value == .text("pod:2"))
    }

    @Test func aPairWithoutANumberIsNamedWithItsCell() throws {
        var sheets = try WorkbookFormWriter.sheets(ScenarioLoader().load(path: ScenarioLinksTests.sharedYard.path))
        let index = sheets.firstIndex { $0.name == "capacityPools" }!
        let members = sheets[index].rows[0].cells.first { $0.value == .text("members") }!.reference.column
        sheets.set(
            "capacityPools", CellReference(row: 2, column: members).description, .text("gulf-cutter:one, gulf-frigate"))
        let bytes = try XLSXWriter.bytes(Workbook(sheets: sheets))
        do {
            _ = try ScenarioLoader().decodeWorkbook(bytes)
            Issue.record("expected a problem")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "capacityPools!E2: capacityPools[gulf-docks].members[0].perUnit: expected a number, got \"one\""
                ])
        }
    }

    /// Every field the validator knows has a column (or a scenario-sheet row), so nothing a
    /// scenario can say is lost in the workbook form.
    @Test func theFormCoversEveryFieldTheValidatorKnows() {
        let kinds = Dictionary(uniqueKeysWithValues: ScenarioLoader.knownFields.map { ($0.kind, $0.fields) })
        func paths(_ kind: String, _ prefix: String) -> [String] {
            let nested = [
                "domesticShare": "domesticShare", "minSources": "minimumCount", "minCountries": "minimumCount",
                "resilience": "resilience", "onshoring": "onshoring", "transfer": "transfer", "facility": "facility",
                "policy": "policy", "solver": "solver",
            ]
            return (kinds[kind] ?? []).flatMap { field -> [String] in
                if let child = nested[field] { return paths(child, prefix + field + ".") }
                return [prefix + field]
            }
        }
        let tables = ["countries": "country", "items": "item", "sources": "source", "capacityPools": "capacityPool"]
        #expect(Set(paths("scenario", "")).subtracting(tables.keys) == Set(WorkbookForm.scenarioFields.map(\.path)))
        for table in WorkbookForm.tables {
            #expect(paths(tables[table.name]!, "") == table.columns.map(\.path), "\(table.name)")
        }
    }
}

extension WorkbookFormTests {
    /// A number cell beyond Double's range (`<v>1e400</v>` reads as infinity) is a number the
    /// validator refuses with its path, not a trap in the reader.
    @Test func anInfiniteNumberCellIsANumberToRefuse() {
        #expect(numberNode(.infinity) == .number(NumberLiteral(value: .infinity, text: "inf")))
        #expect(numberNode(-.infinity) == .number(NumberLiteral(value: -.infinity, text: "-inf")))
        #expect(cellText(.number(.infinity)) == "inf")
        let validator = ScenarioValidator(root: .object([("discountRate", numberNode(.infinity))]))
        _ = validator.validate(defaultName: "")
        #expect(
            validator.problems.first.map(\.description)
                == "discountRate: infinity is not allowed; give a finite number (at most 1e15 in magnitude)")
    }

    /// Random cells dropped into a good workbook (headers included) give a scenario or
    /// problems, each located in a sheet, never a crash.
    @Test func randomCellsNeverCrashAndEveryProblemHasAPlace() throws {
        let base = try WorkbookFormWriter.sheets(model("arctic-security-cutter"))
        let values: [CellValue] = [
            .empty, .text("x"), .text("1, 2"), .text(" 3 "), .number(-1), .number(1e20), .number(2), .bool(true),
            .text("demand[FY99]"), .text("demand[FY28]"), .text("id"), .text("unitCost"), .text("a:b, c:"),
            .text("FY27"),
            .date("46402"), .error("#N/A"), .text("[x]"), .text("periods"), .text(","),
        ]
        // A fixed sequence (Lehmer's generator), so a failing round can be found again.
        var state: UInt64 = 19
        func pick(_ count: Int) -> Int {
            state = state &* 48271 % 2_147_483_647
            return Int(state % UInt64(count))
        }
        let rounds = Int(ProcessInfo.processInfo.environment["WORKBOOK_FORM_ROUNDS"] ?? "") ?? 60
        for _ in 0..<rounds {
            var sheets = base
            for _ in 0...pick(4) {
                let sheet = sheets[pick(sheets.count)].name
                let reference = CellReference(row: 1 + pick(6), column: 1 + pick(30))
                sheets.set(sheet, reference.description, values[pick(values.count)])
            }
            if pick(10) == 0 { sheets.remove(at: pick(sheets.count)) }
            let bytes = try XLSXWriter.bytes(Workbook(sheets: sheets))
            do {
                _ = try ScenarioLoader().decodeWorkbook(bytes)
            } catch {
                #expect(!error.problems.isEmpty)
                for problem in error.problems where problem.location == nil {
                    // Only a missing sheet has no cell to name.
                    #expect(problem.message.contains("has no sheet named"), "\(problem) in \(error.problems)")
                }
            }
        }
    }
}

extension WorkbookFormTests {
    /// The template: README first, then every sheet with every column (demand per period, to
    /// show that form), one example row, and a README line for every column.
    @Test func theTemplateHasEverySheetAndColumnAndExplainsEach() throws {
        let workbook = try XLSXReader().read(ScenarioWriter.templateWorkbook())
        #expect(
            workbook.sheets.map(\.name) == ["README", "scenario", "countries", "items", "sources", "capacityPools"])
        for table in WorkbookForm.tables {
            let sheet = try #require(workbook.sheet(named: table.name))
            let header = sheet.rows[0].cells.compactMap { cell -> String? in
                if case .text(let text) = cell.value { text } else { nil }
            }
            let expected = table.columns.flatMap { column -> [String] in
                table.name == "items" && column.path == "demand"
                    ? ["demand[FY26]", "demand[FY27]", "demand[FY28]"] : [column.path]
            }
            #expect(header == expected, "\(table.name)")
            #expect(sheet.rows.count == 2, "\(table.name): one example row")
        }
        let readme = try #require(workbook.sheet(named: "README"))
        let described = Set(
            readme.rows.compactMap { row -> String? in
                guard row.cells.count >= 4, row.cells[1].reference.column == 2,
                    case .text(let sheet) = row.cells[0].value, case .text(let column) = row.cells[1].value
                else { return nil }
                return "\(sheet).\(column)"
            })
        for field in WorkbookForm.scenarioFields { #expect(described.contains("scenario.\(field.path)")) }
        for table in WorkbookForm.tables {
            for column in table.columns { #expect(described.contains("\(table.name).\(column.path)")) }
        }
        // The example is a scenario.
        let scenario = try ScenarioLoader().decodeWorkbook(ScenarioWriter.templateWorkbook())
        #expect(scenario.items.map(\.demand) == [[1, 1, 2]] && scenario.capacityPools.count == 1)
    }
}
