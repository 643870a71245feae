// Reading the workbook form (an .xlsx workbook or a folder of CSV files) into the same
// document tree the JSON and YAML readers produce, so that one validator checks every form.
// Each value keeps the sheet and cell it came from: the validator's problems, which name
// paths, are then given the cell (`sources!D7`), and their paths name rows by id
// (`sources[rauma-yard].unitCost`) and period columns by label (`demand[FY28]`).
//
// Cells are read by the column's kind (WorkbookForm): a number column takes number cells and
// decimal text, a text column takes text and reads a number cell as its text, a boolean
// column takes boolean cells and the text true/false. Dates, error values and formulas with
// no saved result are refused here, with the cell; a formula's saved result is read like a
// typed value.

import Documents
import Spreadsheet

/// Builds the document tree of a workbook-form scenario.
final class WorkbookFormReader {
    /// The sheets by table name (`scenario`, `countries`, ...); missing ones are absent.
    private let sheets: [String: Sheet]
    /// How a location names a table's sheet.
    private let label: (String) -> String
    /// The sentence for a missing table: "the workbook has no sheet named ...".
    private let missing: (String) -> String

    private var places: [String: WorkbookPlace] = [:]
    private var problems: [(problem: ScenarioProblem, place: WorkbookPlace?)] = []
    private var explained: [String] = []
    private var periodLabels: [String]?

    /// Whether to record each value's place; only needed when there are problems to locate,
    /// so a first reading leaves it off and a second, when the validator found something, on.
    private let recordPlaces: Bool

    init(
        sheets: [String: Sheet], label: @escaping (String) -> String, missing: @escaping (String) -> String,
        recordPlaces: Bool = true
    ) {
        self.recordPlaces = recordPlaces
        self.sheets = sheets
        self.label = label
        self.missing = missing
    }

    func read() -> WorkbookFormDocument {
        let root = ObjectBuilder()
        readScenarioSheet(into: root)
        for (index, table) in WorkbookForm.tables.enumerated() {
            readTable(table, order: index + 1, into: root)
        }
        return WorkbookFormDocument(root: root.node, places: places, problems: problems, explained: explained)
    }

    // MARK: - Problems and places

    /// Records a problem of the form. `explains`: the validator's problems at or under `path`
    /// say nothing more (the value was refused here), so they are left out.
    private func report(_ path: String, _ place: WorkbookPlace?, explains: Bool = true, _ message: String) {
        var problem = ScenarioProblem(
            path: place.map { $0.display.isEmpty ? path : $0.display } ?? path, message: message)
        problem.location = place?.location
        problems.append((problem, place))
        if explains { explained.append(path) }
    }

    private func register(_ path: String, _ place: @autoclosure () -> WorkbookPlace) {
        if recordPlaces && places[path] == nil { places[path] = place() }
    }

    // MARK: - The scenario sheet

    private func readScenarioSheet(into root: ObjectBuilder) {
        let name = WorkbookForm.scenarioSheet
        guard let sheet = sheets[name] else {
            report("", nil, missing(name))
            explained.append("periods")
            return
        }
        let sheetLabel = label(name)
        func place(_ row: Int, _ column: Int?, _ display: String) -> WorkbookPlace {
            WorkbookPlace(order: 0, sheet: sheetLabel, row: row, column: column, display: display)
        }
        register("", place(1, 1, ""))
        let known = WorkbookForm.scenarioFields.map(\.path)
        var seen: [String: Int] = [:]
        for row in sheet.rows {
            let fieldCell = row.cell(column: 1)
            let fieldName = fieldCell.flatMap { cellText($0.value) }?.trimmed ?? ""
            if row.number == 1 && fieldName.lowercased() == "field" {
                for cell in row.cells where cell.reference.column > 2 {
                    report(
                        "", place(row.number, cell.reference.column, ""), explains: false,
                        "unknown column \(quoted(cellText(cell.value) ?? "")); the scenario sheet has two columns, field and value"
                    )
                }
                continue
            }
            for cell in row.cells where cell.reference.column > 2 {
                report(
                    fieldName, place(row.number, cell.reference.column, fieldName),
                    "a cell outside the two columns field and value; move the value to column B or clear the cell")
            }
            guard !fieldName.isEmpty else {
                if let value = row.cell(column: 2), !value.value.isEmpty {
                    report("", place(row.number, 2, ""), "a value without a field name in column A")
                }
                continue
            }
            guard let field = WorkbookForm.scenarioFields.first(where: { $0.path == fieldName }) else {
                let message =
                    closestName(to: fieldName, among: known).map {
                        "unknown field \(quoted(fieldName)); did you mean \(quoted($0))?"
                    }
                    ?? "unknown field \(quoted(fieldName)); the fields here are \(known.joined(separator: ", "))"
                report(fieldName, place(row.number, 1, fieldName), message)
                continue
            }
            if let first = seen[fieldName] {
                report(
                    fieldName, place(row.number, 1, fieldName),
                    "duplicate field \(quoted(fieldName)) (also at \(place(first, 1, "").location)); each field may appear only once"
                )
                continue
            }
            seen[fieldName] = row.number
            let valuePlace = place(row.number, 2, fieldName)
            register(fieldName, valuePlace)
            for prefix in prefixes(of: fieldName) { register(prefix, place(row.number, 1, prefix)) }
            guard let cell = row.cell(column: 2), let node = value(cell, field.kind, path: fieldName, place: valuePlace)
            else { continue }
            if field.kind == .periodList, case .array(let labels) = node {
                let texts = labels.compactMap { periodLabelText($0) }
                if texts.count == labels.count, Set(texts).count == texts.count, !texts.isEmpty { periodLabels = texts }
            }
            root.set(field.components[...], node)
        }
    }

    // MARK: - Table sheets

    /// What one header cell names.
    private enum Binding {
        case single(WorkbookColumn)
        case period(WorkbookColumn, label: String)
    }

    private func readTable(_ table: WorkbookTable, order: Int, into root: ObjectBuilder) {
        let sheetLabel = label(table.name)
        func place(_ row: Int, _ column: Int?, _ display: String) -> WorkbookPlace {
            WorkbookPlace(order: order, sheet: sheetLabel, row: row, column: column, display: display)
        }
        guard let sheet = sheets[table.name] else {
            if ScenarioObjectKind.scenario.required.contains(table.name) {
                report(table.name, nil, missing(table.name))
            }
            return
        }
        register(table.name, place(1, 1, table.name))

        // The header row: which field each column holds.
        var bindings: [Int: Binding] = [:]
        var headerColumns: [Int] = []
        var firstColumnOf: [String: Int] = [:]
        var singleColumns: Set<String> = []
        var periodColumns: [String: [(label: String, column: Int)]] = [:]
        let header = sheet.rows.first { $0.number == 1 }
        let names = table.columns.map(\.path)
        // Fields whose column is misspelt: their "required field is missing" says nothing more.
        var misspelt: [String] = []
        for cell in header?.cells ?? [] {
            let column = cell.reference.column
            let text = (cellText(cell.value) ?? "").trimmed
            guard !text.isEmpty else { continue }
            let at = place(1, column, table.name)
            if let first = firstColumnOf[text] {
                report(
                    table.name, at, explains: false,
                    "duplicate column \(quoted(text)) (also at \(place(1, first, "").location)); name each column once")
                continue
            }
            firstColumnOf[text] = column
            var base = text
            var periodLabel: String?
            if text.hasSuffix("]"), let open = text.firstIndex(of: "[") {
                base = String(text[..<open]).trimmed
                periodLabel = String(text[text.index(after: open)..<text.index(before: text.endIndex)]).trimmed
            }
            guard let spec = table.column(base) else {
                if let suggestion = closestName(to: base, among: names) { misspelt.append(suggestion) }
                let message =
                    closestName(to: base, among: names).map {
                        "unknown column \(quoted(text)); did you mean \(quoted(periodLabel == nil ? $0 : "\($0)[\(periodLabel!)]"))?"
                    }
                    ?? "unknown column \(quoted(text)); the columns of \(table.name) are \(names.joined(separator: ", "))"
                report(table.name, at, explains: false, message)
                continue
            }
            if let periodLabel {
                guard spec.kind == .perPeriod else {
                    report(
                        table.name, at, explains: false,
                        "\(base) takes one value per row, not one per period; name the column \(base)")
                    continue
                }
                if singleColumns.contains(base) {
                    report(
                        table.name, at, explains: false,
                        "\(base) is given both as one column (\(place(1, firstColumnOf[base]!, "").location)) and per period; use one or the other"
                    )
                    continue
                }
                if let periodLabels, !periodLabels.contains(periodLabel) {
                    report(
                        table.name, at, explains: false,
                        "unknown period \(quoted(periodLabel)) in column \(quoted(text)); the periods run from \(quoted(periodLabels.first!)) to \(quoted(periodLabels.last!))"
                    )
                    continue
                }
                if periodColumns[base] == nil { headerColumns.append(column) }
                periodColumns[base, default: []].append((periodLabel, column))
                bindings[column] = .period(spec, label: periodLabel)
            } else {
                if let other = periodColumns[base]?.first {
                    report(
                        table.name, at, explains: false,
                        "\(base) is given both per period (\(place(1, other.column, "").location)) and as one column; use one or the other"
                    )
                    continue
                }
                singleColumns.insert(base)
                headerColumns.append(column)
                bindings[column] = .single(spec)
            }
        }
        // Period columns in the order of the periods; every period needs one.
        var incomplete: Set<String> = []
        for (base, columns) in periodColumns.sorted(by: { $0.value[0].column < $1.value[0].column }) {
            guard let periodLabels else { continue }
            let missingLabels = periodLabels.filter { label in !columns.contains { $0.label == label } }
            if !missingLabels.isEmpty {
                incomplete.insert(base)
                report(
                    table.name, place(1, nil, table.name), explains: false,
                    "no column \(missingLabels.map { "\(base)[\($0)]" }.joined(separator: ", ")); give one \(base)[PERIOD] column for every period, or a single \(base) column"
                )
            }
            periodColumns[base] = columns.sorted {
                (periodLabels.firstIndex(of: $0.label) ?? 0) < (periodLabels.firstIndex(of: $1.label) ?? 0)
            }
        }

        let idColumn = bindings.first(where: {
            if case .single(let spec) = $0.value { spec.path == "id" } else { false }
        })?.key
        // The entries, one per row with content.
        var elements: [DocumentNode] = []
        var unnamedColumnsReported: Set<Int> = []
        for row in sheet.rows
        where row.number > 1 && row.cells.contains(where: { !$0.value.isEmpty || $0.formula != nil }) {
            var byColumn: [Int: Cell] = [:]
            for cell in row.cells { byColumn[cell.reference.column] = cell }
            func cellAt(_ column: Int) -> Cell? { byColumn[column] }
            let index = elements.count
            let elementPath = "\(table.name)[\(index)]"
            var display = elementPath
            if let idColumn,
                let idCell = cellAt(idColumn), let id = cellText(idCell.value), !id.isEmpty, !id.contains("["),
                !id.contains("]")
            {
                display = "\(table.name)[\(id)]"
            }
            register(elementPath, place(row.number, nil, display))
            for field in misspelt where !singleColumns.contains(field) && periodColumns[field] == nil {
                explained.append("\(elementPath).\(field)")
            }
            for cell in row.cells where bindings[cell.reference.column] == nil && !cell.value.isEmpty {
                let column = cell.reference.column
                let hasHeader =
                    header?.cell(column: column).map { !(cellText($0.value) ?? "").trimmed.isEmpty } ?? false
                if !hasHeader && unnamedColumnsReported.insert(column).inserted {
                    report(
                        table.name, place(row.number, column, table.name), explains: false,
                        "this column has no field name in row 1; name it or clear its cells")
                }
            }
            let entry = ObjectBuilder()
            for column in headerColumns {
                switch bindings[column]! {
                case .single(let spec):
                    let path = "\(elementPath).\(spec.path)"
                    let at = place(row.number, column, "\(display).\(spec.path)")
                    register(path, at)
                    if cellAt(column).map({ !$0.value.isEmpty }) ?? false {
                        for prefix in prefixes(of: spec.path) {
                            register("\(elementPath).\(prefix)", place(row.number, column, "\(display).\(prefix)"))
                        }
                    }
                    guard let cell = cellAt(column), let node = value(cell, spec.kind, path: path, place: at) else {
                        continue
                    }
                    entry.set(spec.components[...], node)
                case .period(let spec, _):
                    let path = "\(elementPath).\(spec.path)"
                    if incomplete.contains(spec.path) { explained.append(path) }
                    let columns = periodColumns[spec.path] ?? []
                    register(path, place(row.number, columns.first?.column ?? column, "\(display).\(spec.path)"))
                    var values: [DocumentNode] = []
                    var empty: [(index: Int, label: String, column: Int)] = []
                    for (t, entry) in columns.enumerated() {
                        let elementPath = "\(path)[\(t)]"
                        let at = place(row.number, entry.column, "\(display).\(spec.path)[\(entry.label)]")
                        register(elementPath, at)
                        if let cell = cellAt(entry.column),
                            let node = value(cell, .number, path: elementPath, place: at)
                        {
                            values.append(node)
                        } else {
                            if cellAt(entry.column).map({ $0.value.isEmpty && $0.formula == nil }) ?? true {
                                empty.append((t, entry.label, entry.column))
                            }
                            values.append(.null)
                        }
                    }
                    if empty.count == columns.count { continue }  // all empty: the field is absent
                    for cell in empty {
                        report(
                            "\(path)[\(cell.index)]",
                            place(row.number, cell.column, "\(display).\(spec.path)[\(cell.label)]"),
                            "a period column may not be left empty; enter the value for \(cell.label) (0 if none)")
                    }
                    entry.set(spec.components[...], .array(values))
                }
            }
            elements.append(entry.node)
        }
        // An optional table with no entries is the same as none (the template's empty sheets).
        if !elements.isEmpty || ScenarioObjectKind.scenario.required.contains(table.name) {
            root.set([table.name], .array(elements))
        }
    }

    // MARK: - Cells

    /// The node for a cell of `kind`, or nil when the cell is absent (empty) or refused.
    private func value(_ cell: Cell, _ kind: WorkbookValueKind, path: String, place: WorkbookPlace) -> DocumentNode? {
        switch cell.value {
        case .empty:
            if let formula = cell.formula {
                report(
                    path, place,
                    "the cell holds a formula (=\(formula)) with no saved result; open the workbook in Excel or LibreOffice and save it, or paste the values"
                )
            }
            return nil
        case .date(let text):
            report(
                path, place,
                "the cell holds a date or time (\(text)), which no field takes; format the cell as General or Text and enter the value"
            )
            return nil
        case .error(let code):
            report(path, place, "the cell holds the spreadsheet error \(code); enter a value or clear the cell")
            return nil
        case .text(let text) where text.isEmpty:
            return nil
        default: break
        }
        let value = cell.value
        switch kind {
        case .text: return .string(cellText(value) ?? "")
        case .period:
            if case .number(let number) = value { return numberNode(number) }
            return .string(cellText(value) ?? "")
        case .number: return typedNumber(value, path: path, place: place)
        case .bool:
            switch value {
            case .bool(let flag): return .bool(flag)
            case .text(let text):
                switch text.trimmed.lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default:
                    report(path, place, "expected TRUE or FALSE, got \(quoted(text))")
                    return nil
                }
            case .number(let number): return numberNode(number)
            default: return nil
            }
        case .perPeriod: return typedNumber(value, path: path, place: place)
        case .numberOrList:
            if case .text(let text) = value, text.contains(",") {
                registerElements(path, count: list(text).count, place)
                return numberArray(list(text), path: path, place: place)
            }
            return typedNumber(value, path: path, place: place)
        case .textList, .periodList:
            let nodes: [DocumentNode]
            if case .number(let number) = value {
                nodes = [kind == .periodList ? numberNode(number) : .string(NumberText.shortest(number))]
            } else {
                nodes = list(cellText(value) ?? "").map { .string($0) }
            }
            registerElements(path, count: nodes.count, place)
            return .array(nodes)
        case .numberList:
            let nodes: [DocumentNode]
            if case .number(let number) = value {
                nodes = [numberNode(number)]
            } else {
                let entries = list(cellText(value) ?? "")
                registerElements(path, count: entries.count, place)
                return numberArray(entries, path: path, place: place)
            }
            registerElements(path, count: nodes.count, place)
            return .array(nodes)
        case .pairs(let key):
            let entries = list(cellText(value) ?? "")
            registerElements(path, count: entries.count, place)
            return .array(
                entries.enumerated().map { index, entry in
                    func at(_ field: String) -> WorkbookPlace {
                        var fieldPlace = place
                        fieldPlace.display = "\(place.display)[\(index)].\(field)"
                        return fieldPlace
                    }
                    for field in [key, "perUnit"] { register("\(path)[\(index)].\(field)", at(field)) }
                    guard let colon = entry.lastIndex(of: ":") else { return .object([(key, .string(entry))]) }
                    let id = String(entry[..<colon]).trimmed
                    let amount = String(entry[entry.index(after: colon)...]).trimmed
                    guard
                        let perUnit = typedNumber(
                            .text(amount), path: "\(path)[\(index)].perUnit", place: at("perUnit"))
                    else {
                        return .object([(key, .string(id))])
                    }
                    return .object([(key, .string(id)), ("perUnit", perUnit)])
                })
        }
    }

    /// A number cell or decimal text as a number; anything else is refused here, in the
    /// spreadsheet's words (nil).
    private func typedNumber(_ value: CellValue, path: String, place: WorkbookPlace) -> DocumentNode? {
        let node = numberOrText(value)
        if case .string(let text) = node {
            report(path, place, "expected a number, got \(quoted(text))")
            return nil
        }
        return node
    }

    /// Comma-separated entries as numbers; an entry that is not one is refused (nil).
    private func numberArray(_ entries: [String], path: String, place: WorkbookPlace) -> DocumentNode? {
        var nodes: [DocumentNode] = []
        var refused = false
        for (index, entry) in entries.enumerated() {
            var at = place
            at.display = "\(place.display)[\(index)]"
            if let node = typedNumber(.text(entry), path: "\(path)[\(index)]", place: at) {
                nodes.append(node)
            } else {
                refused = true
            }
        }
        if refused { explained.append(path) }
        return refused ? nil : .array(nodes)
    }

    private func registerElements(_ path: String, count: Int, _ place: WorkbookPlace) {
        for index in 0..<count {
            var elementPlace = place
            elementPlace.display = "\(place.display)[\(index)]"
            register("\(path)[\(index)]", elementPlace)
        }
    }
}
