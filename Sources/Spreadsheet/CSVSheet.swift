// CSV files as sheets. Reading uses CSV.swift (RFC 4180: quoted fields, doubled quotes, line
// breaks inside quotes, CRLF or LF); writing is the one CSV rule of the project: comma
// separated, CRLF after every row, fields with a comma, quote or line break quoted, and text
// that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
// return) or that starts with an apostrophe prefixed with an apostrophe, the spreadsheet's
// own mark for "this is text". Reading drops that one leading apostrophe again, as a
// spreadsheet does, so text survives a round trip.

import CSV
import Documents

/// Reading and writing CSV text as sheets.
public enum CSVSheet {
    /// The sheet named `name` from CSV text (a leading byte order mark is ignored). Every
    /// cell is text: CSV has no types; a leading apostrophe is dropped.
    public static func read(_ text: String, name: String) throws(SpreadsheetError) -> Sheet {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: String(body), hasHeaderRow: false, trimFields: false)
        } catch {
            throw SpreadsheetError("cannot read the CSV text: \(error)")
        }
        var rows: [SheetRow] = []
        var number = 0
        while let fields = reader.next() {
            number += 1
            var cells: [Cell] = []
            for (index, field) in fields.enumerated() where !field.isEmpty {
                let value = field.hasPrefix("'") ? String(field.dropFirst()) : field
                cells.append(Cell(reference: CellReference(row: number, column: index + 1), value: .text(value)))
            }
            if !cells.isEmpty { rows.append(SheetRow(number: number, cells: cells)) }
        }
        if let error = reader.error { throw SpreadsheetError("cannot read the CSV text: \(error)") }
        return Sheet(name: name, rows: rows)
    }

    /// The sheet as CSV text: rows 1 to the last, columns 1 to the widest row; numbers in
    /// their shortest round-trip text, booleans `true`/`false`.
    public static func text(_ sheet: Sheet) -> String {
        let width = sheet.columnCount
        var grid: [[String]] = []
        var next = 1
        for row in sheet.rows {
            while next < row.number {
                grid.append(Array(repeating: "", count: width))
                next += 1
            }
            var fields = Array(repeating: "", count: width)
            for cell in row.cells { fields[cell.reference.column - 1] = field(cell.value) }
            grid.append(fields)
            next += 1
        }
        return table(grid)
    }

    /// One cell's CSV text before quoting: numbers as shortest round-trip text (`nan`, `inf`
    /// where not finite), text defused.
    public static func field(_ value: CellValue) -> String {
        switch value {
        case .empty: ""
        case .number(let number): number.isFinite ? NumberText.shortest(number) : number.description
        case .bool(let flag): flag ? "true" : "false"
        case .text(let text), .date(let text), .error(let text): defused(text)
        }
    }

    /// Text that a spreadsheet would run as a formula (or that starts with an apostrophe),
    /// prefixed with an apostrophe.
    public static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r", "'"].contains(first) else {
            return text
        }
        return "'" + text
    }

    /// Rows of already formatted fields, comma-separated, each row ending in CRLF.
    public static func table(_ rows: [[String]]) -> String {
        var out = ""
        for row in rows {
            out += row.map(quoted).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    /// A field in quotes (inner quotes doubled) when it holds a comma, quote or line break.
    public static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
