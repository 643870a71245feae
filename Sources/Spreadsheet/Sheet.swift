// Cells, sheets and workbooks: what the spreadsheet files (.xlsx, CSV) hold, with no meaning
// attached. This module knows nothing of scenarios or plans; the scenario layer maps sheets
// to its document tree, the output layer maps plan tables to sheets.

/// What one cell holds, as the spreadsheet stored it.
public enum CellValue: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    /// A spreadsheet's own boolean (TRUE/FALSE); CSV has none, only text.
    case bool(Bool)
    /// A date or time: a number cell formatted as one (its serial number as text, e.g.
    /// "46023"), or a date cell (ISO text). Kept apart so that readers can refuse it clearly.
    case date(String)
    /// A spreadsheet error value such as `#N/A` or `#DIV/0!`.
    case error(String)

    /// Whether the cell holds nothing (an empty text counts as nothing: spreadsheets and CSV
    /// cannot tell the two apart reliably).
    public var isEmpty: Bool {
        switch self {
        case .empty: true
        case .text(let text): text.isEmpty
        default: false
        }
    }
}

/// A cell's place: 1-based row and column, written in A1 style (`D7`).
public struct CellReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `D7`, `AA12` (any case); nil for anything else.
    public init?(_ text: String) {
        var letters = 0
        var digits = 0
        var column = 0
        var row = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z" where digits == 0, "a"..."z" where digits == 0:
                letters += 1
                guard letters <= 3 else { return nil }
                column = column * 26 + Int(scalar.properties.uppercaseMapping.unicodeScalars.first!.value - 64)
            case "0"..."9" where letters > 0:
                digits += 1
                guard digits <= 7 else { return nil }
                row = row * 10 + Int(scalar.value - 48)
            default: return nil
            }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        self.init(row: row, column: column)
    }

    /// The column's letters: 1 → A, 27 → AA.
    public static func columnName(_ column: Int) -> String {
        var n = column
        var letters: [Character] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + remainder))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `D7`.
    public var description: String { Self.columnName(column) + String(row) }

    public static func < (a: CellReference, b: CellReference) -> Bool {
        (a.row, a.column) < (b.row, b.column)
    }
}

/// One cell with a value: its place, what it holds and, for a formula, the formula's text.
public struct Cell: Sendable, Equatable {
    public var reference: CellReference
    /// For a formula cell, the result the spreadsheet saved (`.empty` when it saved none).
    public var value: CellValue
    /// The formula's text for a formula cell (without the `=`), else nil.
    public var formula: String?

    public init(reference: CellReference, value: CellValue, formula: String? = nil) {
        self.reference = reference
        self.value = value
        self.formula = formula
    }
}

/// One row of a sheet: its 1-based number and its non-empty cells, left to right.
public struct SheetRow: Sendable, Equatable {
    public var number: Int
    public var cells: [Cell]

    public init(number: Int, cells: [Cell]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in `column` (1-based), if it holds anything.
    public func cell(column: Int) -> Cell? {
        cells.first { $0.reference.column == column }
    }
}

/// A named sheet: its rows with content, top to bottom (rows and cells with nothing in them
/// are left out).
public struct Sheet: Sendable, Equatable {
    public var name: String
    public var rows: [SheetRow]
    /// When written: how many leading rows are headers (bold, frozen while scrolling).
    public var headerRows: Int

    public init(name: String, rows: [SheetRow], headerRows: Int = 0) {
        self.name = name
        self.rows = rows
        self.headerRows = headerRows
    }

    /// A sheet from rows of values, row 1 first; empty values are left out.
    public init(name: String, values: [[CellValue]], headerRows: Int = 0) {
        var rows: [SheetRow] = []
        for (r, row) in values.enumerated() {
            var cells: [Cell] = []
            for (c, value) in row.enumerated() where value != .empty {
                cells.append(Cell(reference: CellReference(row: r + 1, column: c + 1), value: value))
            }
            if !cells.isEmpty { rows.append(SheetRow(number: r + 1, cells: cells)) }
        }
        self.init(name: name, rows: rows, headerRows: headerRows)
    }

    /// The cell at `reference`, if it holds anything.
    public func cell(_ reference: CellReference) -> Cell? {
        rows.first { $0.number == reference.row }?.cell(column: reference.column)
    }

    /// The number of columns up to the last one with content.
    public var columnCount: Int {
        rows.map { $0.cells.last?.reference.column ?? 0 }.max() ?? 0
    }
}

/// Sheets in the order the workbook lists them.
public struct Workbook: Sendable, Equatable {
    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// The sheet named `name`, compared without regard to case, as spreadsheets do.
    public func sheet(named name: String) -> Sheet? {
        let wanted = name.lowercased()
        return sheets.first { $0.name.lowercased() == wanted }
    }
}

/// Why a spreadsheet file could not be read or written: one plain sentence.
public struct SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
