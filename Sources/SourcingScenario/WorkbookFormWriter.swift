// Writing a scenario in the workbook form: the scenario's document tree (as ScenarioWriter
// writes it, so every field and default is there) flattened into the `scenario` sheet and one
// sheet per table, following WorkbookForm. Read back, the sheets give an equal scenario; what
// the form cannot hold (a comma inside a list entry, an empty text, an empty onshoring
// object) is refused with its path rather than written differently.

import Documents
import Spreadsheet

extension ScenarioWriter {
    /// The scenario as the bytes of an .xlsx workbook in the workbook form.
    public static func workbook(_ scenario: Scenario) throws(ScenarioError) -> [UInt8] {
        try xlsx(WorkbookFormWriter.sheets(scenario))
    }

    /// The scenario as a folder of CSV files in the workbook form: each file's name
    /// (`scenario.csv`, `countries.csv`, ...) and text.
    public static func csvFiles(_ scenario: Scenario) throws(ScenarioError) -> [(name: String, text: String)] {
        try WorkbookFormWriter.sheets(scenario).map { ("\($0.name).csv", CSVSheet.text($0)) }
    }

    /// A workbook to start a scenario from: a README sheet explaining every sheet and column,
    /// then every sheet of the form with every column and one example row.
    public static func templateWorkbook() -> [UInt8] {
        // The example is valid, so its sheets can always be written.
        (try? xlsx([WorkbookFormWriter.readme()] + WorkbookFormWriter.template())) ?? []
    }

    private static func xlsx(_ sheets: [Sheet]) throws(ScenarioError) -> [UInt8] {
        do {
            return try XLSXWriter.bytes(Workbook(sheets: sheets))
        } catch {
            throw ScenarioError(fileProblem: error.message)
        }
    }
}

enum WorkbookFormWriter {
    /// The `scenario` sheet and one sheet per table the scenario has.
    static func sheets(_ scenario: Scenario) throws(ScenarioError) -> [Sheet] {
        let tree: DocumentNode
        do {
            tree = try DocumentNode(parsingJSON: ScenarioWriter.bytes(scenario, format: .json), maxDepth: 64)
        } catch {
            throw ScenarioError(fileProblem: "internal error: the scenario's JSON does not read back: \(error)")
        }
        var flattener = Flattener(periods: scenario.periods)
        let sheets = flattener.sheets(tree)
        if !flattener.problems.isEmpty { throw ScenarioError(problems: flattener.problems) }
        return sheets
    }

    /// Every sheet with every column (per-period fields as one column per period where the
    /// example varies), and one example row.
    static func template() -> [Sheet] {
        let example = Scenario(
            name: "Example scenario", currency: "USD millions", periods: ["FY26", "FY27", "FY28"],
            countries: [Country(id: "US", name: "United States", domestic: true)],
            items: [
                Item(
                    id: "hull", name: "Cutter hull", category: "naval", unit: "hull", demand: [1, 1, 2],
                    integerUnits: true)
            ],
            sources: [
                Source(
                    id: "us-yard", name: "US yard", country: "US", item: "hull", unitCost: [100, 100, 100],
                    capacity: [2, 2, 2], domesticContent: 1)
            ],
            capacityPools: [
                CapacityPool(
                    id: "us-docks", name: "US dock slots", capacity: [2, 2, 2], members: [.init(source: "us-yard")])
            ])
        guard let tree = try? DocumentNode(parsingJSON: ScenarioWriter.bytes(example, format: .json), maxDepth: 64)
        else { return [] }
        var flattener = Flattener(periods: example.periods)
        flattener.everyColumn = true
        return flattener.sheets(tree)
    }

    /// The README sheet: how the form works, then one row per sheet column.
    static func readme() -> Sheet {
        var rows: [[CellValue]] = [
            [.text("How to fill in this workbook")],
            [
                .text(
                    "Each sheet below is one part of the scenario; solve the workbook as it is (sourcing solve FILE.xlsx). This README sheet, and any other sheet not named below, is ignored."
                )
            ],
            [
                .text(
                    "scenario: one row per top-level field, field name in column A, value in column B. countries, items, sources, capacityPools: row 1 holds the field names, each following row one entry."
                )
            ],
            [
                .text(
                    "An empty cell means the field is absent (its default applies). A per-period field is one column (the same value every period) or one column per period named field[PERIOD]; a period column may not be left empty."
                )
            ],
            [
                .text(
                    "Lists are comma-separated (US, FI); consumes and members are id:perUnit pairs (radar:1, pod:2). Booleans are TRUE/FALSE; numbers may be number cells or decimal text. Dates are refused; a formula's saved result is read."
                )
            ],
            [
                .text(
                    "Column names are exact (unitCost, not Unit cost); an unknown column is an error. Every error names its sheet and cell."
                )
            ],
            [],
            [.text("sheet"), .text("column"), .text("required"), .text("holds"), .text("meaning")],
        ]
        for field in WorkbookForm.scenarioFields {
            rows.append([
                .text(WorkbookForm.scenarioSheet), .text(field.path), field.required ? .text("yes") : .empty,
                .text(describe(field.kind)), .text(field.help),
            ])
        }
        for table in WorkbookForm.tables {
            rows.append([.text(table.name), .empty, .empty, .text("one row per entry"), .text(table.entry)])
            for column in table.columns {
                rows.append([
                    .text(table.name), .text(column.path), column.required ? .text("yes") : .empty,
                    .text(describe(column.kind)), .text(column.help),
                ])
            }
        }
        return Sheet(name: "README", values: rows)
    }

    private static func describe(_ kind: WorkbookValueKind) -> String {
        switch kind {
        case .text: "text"
        case .number: "number"
        case .bool: "TRUE or FALSE"
        case .period: "period label"
        case .perPeriod: "number per period"
        case .textList: "comma-separated list"
        case .numberList: "comma-separated numbers"
        case .periodList: "comma-separated period labels"
        case .numberOrList: "number, or one per period comma-separated"
        case .pairs(let key): "\(key):perUnit pairs, comma-separated"
        }
    }
}

/// Turns the document tree into sheets, collecting what the form cannot hold.
private struct Flattener {
    let periods: [String]
    /// Write every column of every table (the template), not only those with a value.
    var everyColumn = false
    var problems: [ScenarioProblem] = []

    init(periods: [String]) {
        self.periods = periods
    }

    mutating func sheets(_ tree: DocumentNode) -> [Sheet] {
        guard case .object(let top) = tree else { return [] }
        var sheets: [Sheet] = []
        // The scenario sheet.
        let topFields = flatten(top, prefix: "", stopAt: Set(WorkbookForm.tables.map(\.name)))
        var rows: [[CellValue]] = [[.text("field"), .text("value")]]
        for field in WorkbookForm.scenarioFields {
            guard let node = topFields.first(where: { $0.path == field.path })?.node else {
                if everyColumn { rows.append([.text(field.path)]) }
                continue
            }
            let value = cell(node, field.kind, path: field.path)
            if value != .empty || everyColumn { rows.append([.text(field.path), value]) }
        }
        for extra in topFields where !WorkbookForm.scenarioFields.contains(where: { $0.path == extra.path }) {
            problems.append(
                ScenarioProblem(
                    path: extra.path,
                    message: "this field has no place in the workbook form; write the scenario as YAML or JSON"))
        }
        sheets.append(Sheet(name: WorkbookForm.scenarioSheet, values: rows, headerRows: 1))
        // One sheet per table.
        for table in WorkbookForm.tables {
            guard case .array(let elements)? = tree[table.name] else {
                if everyColumn {
                    sheets.append(
                        Sheet(name: table.name, values: [table.columns.map { .text($0.path) }], headerRows: 1))
                }
                continue
            }
            sheets.append(tableSheet(table, elements))
        }
        return sheets
    }

    private mutating func tableSheet(_ table: WorkbookTable, _ elements: [DocumentNode]) -> Sheet {
        var entries: [[(path: String, node: DocumentNode)]] = []
        for (index, element) in elements.enumerated() {
            guard case .object(let pairs) = element else { continue }
            let fields = flatten(pairs, prefix: "\(table.name)[\(index)]", stopAt: [])
            for field in fields where table.column(field.path) == nil {
                problems.append(
                    ScenarioProblem(
                        path: "\(table.name)[\(index)].\(field.path)",
                        message: "this field has no column in the workbook form; write the scenario as YAML or JSON"))
            }
            entries.append(fields)
        }
        // Columns: the table's, in order, where any entry has a value; per-period fields as
        // one column when every entry has the same value in every period.
        var header: [CellValue] = []
        var columns: [(spec: WorkbookColumn, period: Int?)] = []
        for spec in table.columns {
            let values = entries.compactMap { entry in entry.first { $0.path == spec.path }?.node }
            guard everyColumn || !values.isEmpty else { continue }
            if spec.kind == .perPeriod, values.contains(where: { !isConstant($0) }) {
                for (t, label) in periods.enumerated() {
                    header.append(.text("\(spec.path)[\(label)]"))
                    columns.append((spec, t))
                }
            } else {
                header.append(.text(spec.path))
                columns.append((spec, nil))
            }
        }
        var rows: [[CellValue]] = [header]
        for (index, entry) in entries.enumerated() {
            rows.append(
                columns.map { column in
                    guard let node = entry.first(where: { $0.path == column.spec.path })?.node else { return .empty }
                    let path = "\(table.name)[\(index)].\(column.spec.path)"
                    if let t = column.period {
                        guard case .array(let values) = node, values.indices.contains(t) else { return .empty }
                        return cell(values[t], .number, path: "\(path)[\(t)]")
                    }
                    return cell(node, column.spec.kind, path: path)
                })
        }
        return Sheet(name: table.name, values: rows, headerRows: 1)
    }

    /// The leaves of an object as (path inside it, value), nested objects joined with dots;
    /// fields named in `stopAt` (the tables) are left out.
    private mutating func flatten(_ pairs: [(String, DocumentNode)], prefix: String, stopAt: Set<String>) -> [(
        path: String, node: DocumentNode
    )] {
        var out: [(path: String, node: DocumentNode)] = []
        for (key, value) in pairs where !stopAt.contains(key) {
            if case .object(let inner) = value {
                if inner.isEmpty {
                    problems.append(
                        ScenarioProblem(
                            path: join(prefix, key),
                            message:
                                "an empty \(key) object cannot be written in the workbook form (an empty cell means absent); remove it or give one of its fields"
                        ))
                }
                out += flatten(inner, prefix: join(prefix, key), stopAt: []).map { (key + "." + $0.path, $0.node) }
            } else {
                out.append((key, value))
            }
        }
        return out
    }

    private func join(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    private func isConstant(_ node: DocumentNode) -> Bool {
        guard case .array(let values) = node, let first = values.first else { return true }
        return values.allSatisfy { number($0) == number(first) }
    }

    private func number(_ node: DocumentNode) -> Double? {
        if case .number(let number) = node { return number.value }
        return nil
    }

    /// One cell for a value of `kind`.
    private mutating func cell(_ node: DocumentNode, _ kind: WorkbookValueKind, path: String) -> CellValue {
        switch (kind, node) {
        case (.perPeriod, .array(let values)), (.numberOrList, .array(let values)):
            if isConstant(node), let first = values.first { return cell(first, .number, path: path) }
            return .text(values.map(numberText).joined(separator: ", "))
        case (.numberList, .array(let values)):
            return .text(values.map(numberText).joined(separator: ", "))
        case (.textList, .array(let values)), (.periodList, .array(let values)):
            let texts = values.enumerated().map { index, value in listEntry(value, path: "\(path)[\(index)]") }
            return texts.isEmpty ? .empty : .text(texts.joined(separator: ", "))
        case (.pairs(let key), .array(let values)):
            let texts = values.enumerated().map { index, value -> String in
                guard case .object(let fields) = value else { return "" }
                let id = fields.first { $0.0 == key }.map { listEntry($0.1, path: "\(path)[\(index)].\(key)") } ?? ""
                guard let amount = fields.first(where: { $0.0 == "perUnit" })?.1 else { return id }
                return "\(id):\(numberText(amount))"
            }
            return .text(texts.joined(separator: ", "))
        case (_, .number(let number)): return .number(number.value)
        case (_, .bool(let flag)): return .bool(flag)
        case (_, .string(let text)):
            if text.isEmpty {
                problems.append(
                    ScenarioProblem(
                        path: path,
                        message:
                            "an empty text cannot be written in the workbook form (an empty cell means absent); give it a value or remove it"
                    ))
            }
            return .text(text)
        default:
            problems.append(
                ScenarioProblem(
                    path: path,
                    message: "this value has no cell form in the workbook form; write the scenario as YAML or JSON"))
            return .empty
        }
    }

    private mutating func listEntry(_ node: DocumentNode, path: String) -> String {
        let text: String
        switch node {
        case .string(let value): text = value
        case .number(let number): text = NumberText.shortest(number.value)
        default: text = ""
        }
        if text.isEmpty || text.contains(",") || text.first?.isWhitespace == true || text.last?.isWhitespace == true {
            problems.append(
                ScenarioProblem(
                    path: path,
                    message:
                        "\(quoted(text)) cannot be an entry of a comma-separated list (it is empty, holds a comma or starts or ends with a space); write the scenario as YAML or JSON"
                ))
        }
        return text
    }

    private func numberText(_ node: DocumentNode) -> String {
        if case .number(let number) = node { return NumberText.shortest(number.value) }
        return ""
    }
}
