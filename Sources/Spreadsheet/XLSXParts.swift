// The readers of an .xlsx package's parts, one XML event handler per kind of part: package
// and workbook relationships, the workbook's sheet list, shared strings, the styles' date
// formats and a worksheet's cells. XLSXReader.swift opens the package and drives them.

import Foundation

final class RelationshipsReader: XMLEventHandler {
    var relationships: [(id: String, type: String, target: String)] = []
    func start(_ name: String, _ attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        relationships.append((id, attributes["Type"] ?? "", target))
    }
    func text(_ text: String) {}
    func end(_ name: String) {}
}

final class WorkbookReader: XMLEventHandler {
    var sheets: [(name: String, relationship: String, index: Int)] = []
    func start(_ name: String, _ attributes: [String: String]) {
        guard name == "sheet", let sheetName = attributes["name"] else { return }
        sheets.append((decodeOOXMLEscapes(sheetName), attribute(attributes, "id") ?? "", sheets.count + 1))
    }
    func text(_ text: String) {}
    func end(_ name: String) {}
}

/// The shared string table: each `si` is the text of its `t` elements (runs included,
/// phonetic hints left out).
final class SharedStringsReader: XMLEventHandler {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0
    func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }
    func text(_ text: String) { if inText { current += text } }
    func end(_ name: String) {
        switch name {
        case "si": strings.append(decodeOOXMLEscapes(current))
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
}

/// Which cell styles (indices into `cellXfs`) show numbers as dates or times.
struct DateStyles {
    var dateStyles: Set<Int> = []
    func isDate(style: Int) -> Bool { dateStyles.contains(style) }
}

final class StylesReader: XMLEventHandler {
    private var customFormats: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellXfs = false
    func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) {
                customFormats[id] = attributes["formatCode"] ?? ""
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }
    func text(_ text: String) {}
    func end(_ name: String) { if name == "cellXfs" { inCellXfs = false } }

    func dateStyles() -> Set<Int> {
        var styles: Set<Int> = []
        for (index, format) in cellFormats.enumerated() {
            if let code = customFormats[format] {
                if isDateFormatCode(code) { styles.insert(index) }
            } else if builtInDateFormats.contains(format) {
                styles.insert(index)
            }
        }
        return styles
    }
}

/// Built-in number formats that show dates or times (ECMA-376 18.8.30, with the East Asian ones).
private let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

/// Whether a number format code shows a date or time: a y, m, d, h or s outside quoted
/// text, escapes and bracketed colours or conditions (`[h]` elapsed hours count).
func isDateFormatCode(_ code: String) -> Bool {
    var inQuotes = false
    var inBracket = false
    var escaped = false
    var bracket = ""
    for character in code.lowercased() {
        if escaped {
            escaped = false
            continue
        }
        if inQuotes {
            if character == "\"" { inQuotes = false }
            continue
        }
        if inBracket {
            if character == "]" {
                inBracket = false
                if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket) { return true }
            } else {
                bracket.append(character)
            }
            continue
        }
        switch character {
        case "\"": inQuotes = true
        case "\\", "_", "*": escaped = true
        case "[":
            inBracket = true
            bracket = ""
        case "y", "m", "d", "h", "s": return true
        default: break
        }
    }
    return false
}

/// One worksheet's cells. Rows and cells without a reference follow the one before.
final class WorksheetReader: XMLEventHandler {
    let sharedStrings: [String]
    let styles: DateStyles
    var budget: Int
    var failure: String?

    private var byRow: [Int: [Cell]] = [:]
    private var rowNumber = 0
    private var column = 0
    // The cell being read.
    private var inCell = false
    private var reference = CellReference(row: 1, column: 1)
    private var type = "n"
    private var style = 0
    private var value: String?
    private var formula: String?
    private var inline = ""
    private var hasInline = false
    // Which text is being collected.
    private enum Collecting { case none, value, formula, inline }
    private var collecting = Collecting.none
    private var phonetic = 0

    init(sharedStrings: [String], styles: DateStyles, budget: Int) {
        self.sharedStrings = sharedStrings
        self.styles = styles
        self.budget = budget
    }

    func start(_ name: String, _ attributes: [String: String]) {
        guard failure == nil else { return }
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            column = 0
        case "c":
            inCell = true
            if let text = attributes["r"], let parsed = CellReference(text) {
                reference = parsed
                rowNumber = parsed.row
            } else {
                reference = CellReference(row: max(rowNumber, 1), column: column + 1)
            }
            column = reference.column
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap { Int($0) } ?? 0
            value = nil
            formula = nil
            inline = ""
            hasInline = false
        case "v" where inCell:
            collecting = .value
            value = value ?? ""
        case "f" where inCell:
            collecting = .formula
            formula = formula ?? ""
        case "is" where inCell: hasInline = true
        case "t" where inCell && hasInline && phonetic == 0: collecting = .inline
        case "rPh": phonetic += 1
        default: break
        }
    }

    func text(_ text: String) {
        switch collecting {
        case .none: break
        case .value: value? += text
        case .formula: formula? += text
        case .inline: inline += text
        }
    }

    func end(_ name: String) {
        guard failure == nil else { return }
        switch name {
        case "v", "f", "t": collecting = .none
        case "rPh": phonetic -= 1
        case "c":
            inCell = false
            let cellValue = decode()
            guard cellValue != .empty || formula != nil else { return }
            budget -= 1
            if budget < 0 {
                failure = "the workbook has more cells than a scenario can hold"
                return
            }
            byRow[reference.row, default: []].append(Cell(reference: reference, value: cellValue, formula: formula))
        default: break
        }
    }

    private func decode() -> CellValue {
        switch type {
        case "s":
            guard let index = value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
                sharedStrings.indices.contains(index)
            else {
                return value == nil ? .empty : .error("#REF!")
            }
            return .text(sharedStrings[index])
        case "inlineStr":
            return hasInline ? .text(decodeOOXMLEscapes(inline)) : value.map { .text(decodeOOXMLEscapes($0)) } ?? .empty
        case "str": return value.map { .text(decodeOOXMLEscapes($0)) } ?? .empty
        case "b":
            guard let value else { return .empty }
            return .bool(value.trimmingCharacters(in: .whitespaces) == "1" || value.lowercased() == "true")
        case "e": return value.map { .error($0) } ?? .empty
        case "d": return value.map { .date($0) } ?? .empty
        default:
            guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .empty }
            guard let number = Double(text) else { return .error(text) }
            return styles.isDate(style: style) ? .date(text) : .number(number)
        }
    }

    func rows() -> [SheetRow] {
        byRow.keys.sorted().map { number in
            SheetRow(number: number, cells: byRow[number]!.sorted { $0.reference.column < $1.reference.column })
        }
    }
}
