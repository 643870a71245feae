import Foundation
import Sourcing
import TestSupport
import Testing

// Workbooks and CSV folders through the real `sourcing` binary and a real spreadsheet client,
// Python's openpyxl: workbooks it builds from a model read as the model, a cell it edits
// gives the plan of the same edit in YAML, and the workbooks we write read back equal in it.
// openpyxl is installed by `make test` (Makefile `test-deps`); without it these tests are
// skipped locally, never on CI (CI set), where a missing openpyxl fails them.

enum Openpyxl {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("openpyxl")

    /// Whether `python3 -c "import openpyxl"` works.
    static let available: Bool = (try? python(["-c", "import openpyxl"]).status) == 0

    /// Run these tests: openpyxl is here, or this is CI (where it must be).
    static let required = available || ProcessInfo.processInfo.environment["CI"] != nil

    /// Runs python3 with `arguments`; stdout and stderr as text.
    @discardableResult
    static func python(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// Runs one of the scripts beside this file; fails the test when it fails.
    @discardableResult
    static func script(_ name: String, _ arguments: [String]) throws -> String {
        let run = try python([scripts.appendingPathComponent(name).path] + arguments)
        #expect(run.status == 0, "\(name) failed: \(run.stderr)")
        return run.stdout
    }
}

/// Every example model (the folder's YAML files), so a new model is covered without a change here.
private let modelFiles = ExampleModels.files()

/// A plan's JSON with the solve time and the scenario's checksum masked: what two solves of the
/// same scenario from different files share.
private func comparable(_ planJSON: String) -> String {
    maskingSeconds(planJSON).replacing(/"sha256": "[0-9a-f]{64}"/, with: "\"sha256\": \"\"")
}

@Suite struct SpreadsheetRoundTripTests {
    /// The example models, and a scenario with components and a capacity pool.
    @Test(
        arguments: modelFiles.map(Binary.model) + [
            Binary.scenarioFixtures.appendingPathComponent("good/shared-yard.json").path
        ])
    func everyModelThroughAWorkbookAndACSVFolderGivesTheSamePlanBytes(source: String) throws {
        let folder = try TemporaryFolder("spreadsheets")
        defer { folder.cleanUp() }
        for step in [
            [source, "norm.yaml"], ["norm.yaml", "model.xlsx"], ["model.xlsx", "from-xlsx.yaml"],
            ["norm.yaml", "model-csv"], ["model-csv", "from-csv.yaml"],
        ] {
            let run = try runSourcing(["convert"] + step, in: folder.url)
            #expect(run.status == 0, "convert \(step): \(run.stderr)")
        }
        // The YAML files are the same bytes, so their plans are too; solve them to see it.
        let norm = try String(contentsOfFile: folder.path("norm.yaml"), encoding: .utf8)
        #expect(try String(contentsOfFile: folder.path("from-xlsx.yaml"), encoding: .utf8) == norm)
        #expect(try String(contentsOfFile: folder.path("from-csv.yaml"), encoding: .utf8) == norm)
        var plans: [String] = []
        for input in ["norm.yaml", "from-xlsx.yaml", "from-csv.yaml"] {
            let run = try runSourcing(["solve", input, "--format", "json"], in: folder.url)
            #expect(run.status == 0 || run.status == 3, "\(input): \(run.stderr)")
            plans.append(maskingSeconds(run.stdout))
        }
        #expect(plans[1] == plans[0])
        #expect(plans[2] == plans[0])
        // Solved directly, the workbook and the folder give the same plan but for the checksum
        // of their bytes.
        for input in ["model.xlsx", "model-csv"] {
            let run = try runSourcing(["solve", input, "--format", "json"], in: folder.url)
            #expect(comparable(run.stdout) == comparable(plans[0]), "\(input)")
        }
    }

    @Test func convertRefusesWhatTheFormCannotHold() throws {
        let folder = try TemporaryFolder("spreadsheets")
        defer { folder.cleanUp() }
        try folder.write(
            "comma.yaml",
            """
            periods: ["FY26"]
            countries: [{id: US, domestic: true}, {id: FI, exportApproved: ["naval, surface"]}]
            items: []
            sources: []
            """)
        let run = try runSourcing(["convert", "comma.yaml", "comma.xlsx"], in: folder.url)
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "comma.xlsx: countries[1].exportApproved[0]: \"naval, surface\" cannot be an entry of a comma-separated list (it is empty, holds a comma or starts or ends with a space); write the scenario as YAML or JSON\n"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.path("comma.xlsx")))
    }

    @Test func aCSVFolderErrorNamesTheFileAndCell() throws {
        let folder = try TemporaryFolder("spreadsheets")
        defer { folder.cleanUp() }
        #expect(
            try runSourcing(["convert", Binary.model("arctic-security-cutter.yaml"), "csv"], in: folder.url).status == 0
        )
        let path = folder.path("csv/sources.csv")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try Data(text.replacingOccurrences(of: ",asc-hull,470,", with: ",asc-hull,n/a,").utf8).write(
            to: URL(fileURLWithPath: path))
        let run = try runSourcing(["validate", "csv"], in: folder.url)
        #expect(run.status == 2)
        #expect(run.stderr == "csv: sources.csv!E2: sources[rauma-yard].unitCost: expected a number, got \"n/a\"\n")
        let json = try runSourcing(["validate", "csv", "--format", "json"], in: folder.url)
        try FileManager.default.createDirectory(atPath: folder.path("empty"), withIntermediateDirectories: false)
        #expect(
            try runSourcing(["validate", "empty"], in: folder.url).stderr
                == "empty: the folder holds no scenario tables; a scenario folder holds scenario.csv, countries.csv, items.csv, sources.csv (and capacityPools.csv)\n"
        )
        #expect(
            json.stdout
                == "{\"file\": \"csv\", \"valid\": false, \"problems\": [{\"path\": \"sources[rauma-yard].unitCost\", \"location\": \"sources.csv!E2\", \"message\": \"expected a number, got \\\"n/a\\\"\"}]}\n"
        )
    }

    @Test func theTemplateValidatesAndSolves() throws {
        let folder = try TemporaryFolder("spreadsheets")
        defer { folder.cleanUp() }
        #expect(try runSourcing(["template", "t.xlsx"], in: folder.url).status == 0)
        let solve = try runSourcing(["solve", "t.xlsx", "--format", "json"], in: folder.url)
        #expect(solve.status == 0, "\(solve.stderr)")
        // One domestic yard at 100 a hull, demand 1, 1, 2: 4 hulls, 400.
        #expect(jsonObject(solve.stdoutData)?["objective"] as? Double == 400)
        #expect(try runSourcing(["template", "t.csv"], in: folder.url).status == 2)
    }
}

@Suite(.enabled(if: Openpyxl.required, "openpyxl is not installed (python3 -m pip install openpyxl); CI installs it"))
struct SpreadsheetClientTests {
    @Test(arguments: modelFiles)
    func aWorkbookBuiltByOpenpyxlReadsAsTheModel(model: String) throws {
        let folder = try TemporaryFolder("openpyxl")
        defer { folder.cleanUp() }
        let scenario = try ScenarioLoader().load(path: Binary.model(model))
        try folder.write("model.json", ScenarioWriter.text(scenario, format: .json))
        try Openpyxl.script("build_workbook.py", [folder.path("model.json"), folder.path("model.xlsx")])
        let read = try ScenarioLoader().load(path: folder.path("model.xlsx"))
        #expect(read == scenario)
    }

    @Test func aCellEditedByOpenpyxlGivesThePlanOfTheSameEditInYAML() throws {
        let folder = try TemporaryFolder("openpyxl")
        defer { folder.cleanUp() }
        #expect(
            try runSourcing(["convert", Binary.model("arctic-security-cutter.yaml"), "model.xlsx"], in: folder.url)
                .status == 0)
        // sources!E2 is rauma-yard's unitCost (one column: the same every period).
        try Openpyxl.script(
            "edit_cell.py", [folder.path("model.xlsx"), folder.path("edited.xlsx"), "sources", "E2", "430.5"])
        var scenario = try ScenarioLoader().load(path: Binary.model("arctic-security-cutter.yaml"))
        scenario.sources[0].unitCost = Array(repeating: 430.5, count: scenario.periodCount)
        try folder.write("edited.yaml", ScenarioWriter.text(scenario, format: .yaml))
        let fromWorkbook = try runSourcing(["solve", "edited.xlsx", "--format", "json"], in: folder.url)
        let fromYAML = try runSourcing(["solve", "edited.yaml", "--format", "json"], in: folder.url)
        #expect(fromWorkbook.status == 0 && fromYAML.status == 0, "\(fromWorkbook.stderr)\(fromYAML.stderr)")
        #expect(comparable(fromWorkbook.stdout) == comparable(fromYAML.stdout))
        // And the edit matters: the plan is not the unedited one.
        let original = try runSourcing(
            ["solve", Binary.model("arctic-security-cutter.yaml"), "--format", "json"], in: folder.url)
        #expect(comparable(original.stdout) != comparable(fromYAML.stdout))
    }

    @Test func datesAndFormulasWithoutAResultAreRefusedWithTheirCell() throws {
        let folder = try TemporaryFolder("openpyxl")
        defer { folder.cleanUp() }
        #expect(
            try runSourcing(["convert", Binary.model("arctic-security-cutter.yaml"), "model.xlsx"], in: folder.url)
                .status == 0)
        try Openpyxl.script(
            "edit_cell.py", [folder.path("model.xlsx"), folder.path("dated.xlsx"), "sources", "E2", "date:2027-01-15"])
        try Openpyxl.script(
            "edit_cell.py", [folder.path("dated.xlsx"), folder.path("bad.xlsx"), "items", "G2", "=1+1"])
        let run = try runSourcing(["validate", "bad.xlsx"], in: folder.url)
        #expect(run.status == 2)
        // openpyxl writes dates as number cells with a date format (46402 is 2027-01-15) and
        // saves formulas without a result.
        #expect(
            run.stderr == """
                bad.xlsx: items!G2: items[asc-hull].demand[FY28]: the cell holds a formula (=1+1) with no saved result; open the workbook in Excel or LibreOffice and save it, or paste the values
                bad.xlsx: sources!E2: sources[rauma-yard].unitCost: the cell holds a date or time (46402), which no field takes; format the cell as General or Text and enter the value

                """)
    }

    @Test func workbooksWeWriteReadBackEqualInOpenpyxl() throws {
        let folder = try TemporaryFolder("openpyxl")
        defer { folder.cleanUp() }
        let scenario = try ScenarioLoader().load(path: Binary.model("joint-coproduction.yaml"))
        let bytes = try ScenarioWriter.workbook(scenario)
        try Data(bytes).write(to: URL(fileURLWithPath: folder.path("model.xlsx")))
        let ours = try XLSXReader().read(bytes)
        let theirs = try dump(folder.path("model.xlsx"))
        #expect(theirs.map(\.name) == ours.sheets.map(\.name))
        for (sheet, dumped) in zip(ours.sheets, theirs) {
            #expect(dumped.frozen == "A2", "\(sheet.name): the header row is frozen")
            let cells = sheet.rows.flatMap(\.cells)
            #expect(dumped.cells.count == cells.count, "\(sheet.name)")
            for (cell, other) in zip(cells, dumped.cells) {
                #expect(other.reference == cell.reference.description)
                #expect(other.value == cell.value, "\(sheet.name)!\(cell.reference)")
            }
        }
    }

    @Test func thePlanWorkbookHoldsThePlanJSONsNumbers() throws {
        let folder = try TemporaryFolder("openpyxl")
        defer { folder.cleanUp() }
        let run = try runSourcing(
            ["solve", Binary.model("arctic-security-cutter.yaml"), "--out", "plan.json", "--xlsx", "plan.xlsx"],
            in: folder.url)
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try #require(jsonObject(Data(contentsOf: URL(fileURLWithPath: folder.path("plan.json")))))
        let sheets = try dump(folder.path("plan.xlsx"))
        #expect(
            sheets.map(\.name) == [
                "summary", "item-periods", "source-periods", "onshoring", "redundancy", "costs", "spending", "excluded",
            ])
        func table(_ name: String) throws -> [[CellValue]] {
            let sheet = try #require(sheets.first { $0.name == name })
            var rows: [[CellValue]] = []
            for cell in sheet.cells {
                let reference = try #require(CellReference(cell.reference))
                while rows.count < reference.row { rows.append([]) }
                while rows[reference.row - 1].count < reference.column { rows[reference.row - 1].append(.empty) }
                rows[reference.row - 1][reference.column - 1] = cell.value
            }
            return rows
        }
        func number(_ any: Any?) -> CellValue { (any as? Double).map(CellValue.number) ?? .empty }
        let periods = try #require(plan["periods"] as? [String])
        let items = try #require(plan["items"] as? [[String: Any]])
        let itemRows = try table("item-periods")
        #expect(itemRows[0].prefix(4) == [.text("item"), .text("period"), .text("demand"), .text("delivered")])
        for (i, item) in items.enumerated() {
            for (t, period) in periods.enumerated() {
                let row = itemRows[1 + i * periods.count + t]
                #expect(row[0] == .text(item["id"] as! String) && row[1] == .text(period))
                for (column, key) in [
                    (2, "demand"), (3, "delivered"), (4, "domestic"), (5, "allied"), (6, "inventory"), (7, "backlog"),
                ] {
                    #expect(row[column] == number((item[key] as? [Any])?[t]), "\(key)[\(period)]")
                }
            }
        }
        let sources = try #require(plan["sources"] as? [[String: Any]])
        let sourceRows = try table("source-periods")
        for (s, source) in sources.enumerated() {
            for t in periods.indices {
                let row = sourceRows[1 + s * periods.count + t]
                #expect(row[4] == number((source["orders"] as? [Any])?[t]))
                #expect(row[5] == number((source["deliveries"] as? [Any])?[t]))
            }
        }
        let costs = try #require(plan["costs"] as? [String: Any])
        let costRows = try table("costs")
        #expect(costRows[0] == [.text("kind"), .text("amount (USD millions)"), .text("currency")])
        for row in costRows.dropFirst() {
            guard case .text(let kind) = row[0] else {
                Issue.record("cost kind")
                continue
            }
            #expect(row[1] == number(costs[kind]), "\(kind)")
        }
        let spending = try #require(plan["spending"] as? [Any])
        let spendingRows = try table("spending")
        #expect(
            spendingRows[0] == [
                .text("period"), .text("spending (USD millions)"), .text("budget (USD millions)"), .text("currency"),
            ])
        for (t, period) in periods.enumerated() {
            #expect(spendingRows[1 + t].prefix(2) == [.text(period), number(spending[t])])
        }
        let summary = try table("summary")
        #expect(summary[3] == [.text("total cost (USD millions)"), number(plan["objective"])])
    }

    /// The cells of a workbook as openpyxl reads them.
    private func dump(_ path: String) throws -> [(
        name: String, frozen: String?, cells: [(reference: String, value: CellValue)]
    )] {
        let output = try Openpyxl.script("dump_workbook.py", [path])
        let document = try #require(jsonObject(Data(output.utf8)))
        let sheets = try #require(document["sheets"] as? [[String: Any]])
        return sheets.map { sheet in
            let cells = (sheet["cells"] as? [[Any]] ?? []).map { entry -> (String, CellValue) in
                let reference = entry[0] as? String ?? ""
                switch entry[1] as? String {
                case "n": return (reference, .number((entry[2] as? NSNumber)?.doubleValue ?? .nan))
                case "b": return (reference, .bool((entry[2] as? NSNumber)?.boolValue ?? false))
                default: return (reference, .text(entry[2] as? String ?? ""))
                }
            }
            return (sheet["name"] as? String ?? "", sheet["frozen"] as? String, cells)
        }
    }
}
