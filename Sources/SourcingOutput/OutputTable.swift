import SourcingModel
import Spreadsheet

// Tables of outputs (plans, sweeps, tornado, frontier, stress, comparisons) with typed cells,
// written either as CSV (one rule for the whole project: Spreadsheet.CSVSheet, text defused
// against formulas) or as workbook sheets (numbers as number cells, money columns' headers
// naming the currency).

/// One cell of an output table.
public enum TableCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case number(Double)
    case bool(Bool)
    /// Nothing: null in JSON, an empty cell.
    case empty

    public init(stringLiteral value: String) { self = .text(value) }

    /// A number, or an empty cell for nil.
    public static func optional(_ value: Double?) -> TableCell { value.map(TableCell.number) ?? .empty }
    /// Text, or an empty cell for nil.
    public static func optional(_ value: String?) -> TableCell { value.map(TableCell.text) ?? .empty }

    /// The cell's CSV text: numbers as in the JSON documents, text defused.
    var csvText: String {
        switch self {
        case .text(let text): CSVSheet.defused(text)
        case .number(let value): value.isFinite ? JSONValue.format(value) : ""
        case .bool(let flag): flag ? "true" : "false"
        case .empty: ""
        }
    }

    var cellValue: CellValue {
        switch self {
        case .text(let text): .text(text)
        case .number(let value): value.isFinite ? .number(value) : .empty
        case .bool(let flag): .bool(flag)
        case .empty: .empty
        }
    }
}

/// A named table: a header row and rows of cells.
public struct OutputTable: Sendable, Equatable {
    /// The table's name: the CSV file's name without `.csv`, the sheet's name.
    public var name: String
    public var header: [String]
    /// Header names of the columns that hold money; in a workbook their header names the currency.
    public var moneyColumns: [String]
    public var rows: [[TableCell]]

    public init(name: String, header: [String], moneyColumns: [String] = [], rows: [[TableCell]]) {
        self.name = name
        self.header = header
        self.moneyColumns = moneyColumns
        self.rows = rows
    }

    /// RFC 4180 text, CRLF after every row, the header first.
    public var csv: String {
        let width = header.count
        return CSVSheet.table(
            [header.map(CSVSheet.defused)]
                + rows.map { row in
                    row.map(\.csvText) + Array(repeating: "", count: max(0, width - row.count))
                })
    }

    /// The table as a sheet with a bold, frozen header; money headers read `amount (USD millions)`.
    public func sheet(currency: String?) -> Sheet {
        let titles = header.map { name in
            if let currency, !currency.isEmpty, moneyColumns.contains(name) { return "\(name) (\(currency))" }
            return name
        }
        return Sheet(
            name: SheetName.valid(name), values: [titles.map { CellValue.text($0) }] + rows.map { $0.map(\.cellValue) },
            headerRows: 1)
    }
}

/// A workbook of output tables, led by a `summary` sheet of label/value rows.
public func outputWorkbook(summary: [[TableCell]], tables: [OutputTable], currency: String?) throws(SpreadsheetError)
    -> [UInt8]
{
    let first = Sheet(name: "summary", values: summary.map { $0.map(\.cellValue) })
    return try XLSXWriter.bytes(Workbook(sheets: [first] + tables.map { $0.sheet(currency: currency) }))
}

/// `label (currency)`, or the label alone.
func withCurrency(_ label: String, _ currency: String?) -> String {
    guard let currency, !currency.isEmpty else { return label }
    return "\(label) (\(currency))"
}
