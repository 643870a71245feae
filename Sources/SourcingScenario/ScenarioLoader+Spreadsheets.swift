// Reading scenarios in the workbook form: an .xlsx workbook, or a folder of CSV files (one
// TABLE.csv per sheet). Both go through WorkbookFormReader to the document tree, then the one
// validator; every problem names its sheet and cell.

import Spreadsheet

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ScenarioLoader {
    /// Validates a scenario from the bytes of an .xlsx workbook in the workbook form. Without
    /// a `name` field, the scenario is named `defaultName`.
    public func decodeWorkbook(_ bytes: [UInt8], defaultName: String = "") throws(ScenarioError) -> Scenario {
        if bytes.count > maxBytes {
            throw ScenarioError(
                fileProblem: "the file has \(bytes.count) bytes, more than the limit of \(maxBytes >> 20) MiB")
        }
        let names = [WorkbookForm.scenarioSheet] + WorkbookForm.tables.map(\.name)
        let wanted = Set(names.map { $0.lowercased() })
        let workbook: Workbook
        do {
            workbook = try XLSXReader(maxPartBytes: maxBytes).read(bytes) { wanted.contains($0.lowercased()) }
        } catch {
            throw ScenarioError(fileProblem: error.message)
        }
        var sheets: [String: Sheet] = [:]
        var labels: [String: String] = [:]
        for name in names {
            guard let sheet = workbook.sheet(named: name) else { continue }
            sheets[name] = sheet
            labels[name] = sheet.name
        }
        return try validate(defaultName: defaultName) { recordPlaces in
            WorkbookFormReader(
                sheets: sheets, label: { labels[$0] ?? $0 },
                missing: {
                    "the workbook has no sheet named \(quoted($0)); every scenario workbook has the sheets scenario, countries, items and sources"
                },
                recordPlaces: recordPlaces)
        }
    }

    /// Validates a scenario from a folder of CSV files in the workbook form, also returning
    /// the bytes that identify it: each file's name, size and bytes, in the form's order.
    /// Without a `name` field, the scenario is named after the folder.
    public func loadCSVFolder(path: String) throws(ScenarioError) -> (scenario: Scenario, bytes: [UInt8]) {
        var folder = path
        while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
        var sheets: [String: Sheet] = [:]
        var identity: [UInt8] = []
        var problems: [ScenarioProblem] = []
        for name in [WorkbookForm.scenarioSheet] + WorkbookForm.tables.map(\.name) {
            let file = "\(name).csv"
            let filePath = "\(folder)/\(file)"
            guard access(filePath, F_OK) == 0 else { continue }
            do {
                let bytes = try readBytes(atPath: filePath)
                identity += Array("\(file)\n\(bytes.count)\n".utf8) + bytes
                var body = bytes[...]
                if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
                if body.starts(with: [0xFE, 0xFF]) || body.starts(with: [0xFF, 0xFE]) {
                    problems.append(
                        ScenarioProblem(path: "", message: "the file is UTF-16; save it as CSV UTF-8", location: file))
                    continue
                }
                guard let text = String(validating: body, as: UTF8.self) else {
                    problems.append(
                        ScenarioProblem(
                            path: "", message: "the file is not valid UTF-8; save it as CSV UTF-8", location: file))
                    continue
                }
                sheets[name] = try CSVSheet.read(text, name: file)
            } catch let error as ScenarioError {
                problems += error.problems.map { ScenarioProblem(path: $0.path, message: $0.message, location: file) }
            } catch let error as SpreadsheetError {
                problems.append(ScenarioProblem(path: "", message: error.message, location: file))
            } catch {
                problems.append(ScenarioProblem(path: "", message: "\(error)", location: file))
            }
        }
        if !problems.isEmpty { throw ScenarioError(problems: problems) }
        if sheets.isEmpty {
            throw ScenarioError(
                fileProblem:
                    "the folder holds no scenario tables; a scenario folder holds scenario.csv, countries.csv, items.csv, sources.csv (and capacityPools.csv)"
            )
        }
        let defaultName = folder.split(separator: "/").last.map(String.init) ?? folder
        let scenario = try validate(defaultName: defaultName) { recordPlaces in
            WorkbookFormReader(
                sheets: sheets, label: { "\($0).csv" },
                missing: {
                    "the folder has no \($0).csv; every scenario folder has scenario.csv, countries.csv, items.csv and sources.csv"
                },
                recordPlaces: recordPlaces)
        }
        return (scenario, identity)
    }

    /// Reads `path` when it is a workbook (`.xlsx`) or a folder of CSV files; nil for other
    /// files (a folder named like a scenario file, `x.yaml/`, is left to be refused as one).
    func loadSpreadsheet(path: String) throws(ScenarioError) -> (scenario: Scenario, bytes: [UInt8])? {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let pathExtension = fileName.lastIndex(of: ".").map {
            String(fileName[fileName.index(after: $0)...]).lowercased()
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
            pathExtension.map({ ScenarioFormat(pathExtension: $0) == nil && $0 != "xlsx" }) ?? true
        {
            return try loadCSVFolder(path: path)
        }
        guard let dot = fileName.lastIndex(of: "."), pathExtension == "xlsx" else { return nil }
        let bytes = try readBytes(atPath: path)
        return (try decodeWorkbook(bytes, defaultName: String(fileName[..<dot])), bytes)
    }

    /// Reads the form and validates it. Each value's place is recorded only on a second
    /// reading, when there are problems to locate: most files have none.
    private func validate(defaultName: String, _ reader: (_ recordPlaces: Bool) -> WorkbookFormReader)
        throws(ScenarioError) -> Scenario
    {
        var document = reader(false).read()
        var validator = ScenarioValidator(root: document.root)
        var scenario = validator.validate(defaultName: defaultName)
        if scenario != nil && document.problems.isEmpty { return scenario! }
        document = reader(true).read()
        validator = ScenarioValidator(root: document.root)
        scenario = validator.validate(defaultName: defaultName)
        let problems = document.locate(validator.problems)
        guard problems.isEmpty, let scenario else {
            throw ScenarioError(problems: problems.isEmpty ? validator.problems : problems)
        }
        return scenario
    }
}
