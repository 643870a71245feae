// Writing .xlsx workbooks: XMLCoder encodes the parts, ZIPFoundation packs them. The result
// is deterministic (fixed entry dates, parts in a fixed order, no dictionaries), opens in
// Excel, LibreOffice and openpyxl, and reads back through XLSXReader to the same cells.
// Header rows are bold and frozen; columns are sized to their content.

import Foundation
import XMLCoder
import ZIPFoundation

/// Writes workbooks as .xlsx bytes.
public enum XLSXWriter {
    /// The workbook as the bytes of an .xlsx file. Sheet names must be unique (ignoring case),
    /// 1–31 characters, without `[]:*?/\`; `SheetName.valid(_:)` makes one so.
    ///
    /// Text cells are written as shared strings, never as formulas, so nothing a cell says
    /// can run; `.date` and `.error` values are written as their text.
    public static func bytes(_ workbook: Workbook) throws(SpreadsheetError) -> [UInt8] {
        var strings = SharedStringTable()
        var parts: [(path: String, data: Data)] = []
        let count = workbook.sheets.count
        let worksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        let relationshipBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var sheetParts: [(path: String, data: Data)] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            sheetParts.append(("xl/worksheets/sheet\(index + 1).xml", try encode(worksheet(sheet, strings: &strings), root: "worksheet")))
        }
        let contentTypes = ContentTypesXML(
            defaults: [
                .init(extension: "rels", contentType: "application/vnd.openxmlformats-package.relationships+xml"),
                .init(extension: "xml", contentType: "application/xml"),
            ],
            overrides: [.init(partName: "/xl/workbook.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")]
                + (1...max(count, 1)).prefix(count).map { .init(partName: "/xl/worksheets/sheet\($0).xml", contentType: worksheetType) }
                + [
                    .init(partName: "/xl/styles.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
                    .init(partName: "/xl/sharedStrings.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"),
                ])
        parts.append(("[Content_Types].xml", try encode(contentTypes, root: "Types")))
        parts.append(("_rels/.rels", try encode(RelationshipsXML(relationships: [
            .init(id: "rId1", type: relationshipBase + "/officeDocument", target: "xl/workbook.xml"),
        ]), root: "Relationships")))
        parts.append(("xl/workbook.xml", try encode(WorkbookXML(sheets: .init(sheet: workbook.sheets.enumerated().map { index, sheet in
            .init(name: encodeOOXMLEscapes(sheet.name), sheetId: index + 1, relationship: "rId\(index + 1)")
        })), root: "workbook")))
        parts.append(("xl/_rels/workbook.xml.rels", try encode(RelationshipsXML(relationships:
            workbook.sheets.indices.map { .init(id: "rId\($0 + 1)", type: relationshipBase + "/worksheet", target: "worksheets/sheet\($0 + 1).xml") }
            + [
                .init(id: "rId\(count + 1)", type: relationshipBase + "/styles", target: "styles.xml"),
                .init(id: "rId\(count + 2)", type: relationshipBase + "/sharedStrings", target: "sharedStrings.xml"),
            ]), root: "Relationships")))
        parts.append(("xl/styles.xml", Data(stylesXML.utf8)))
        parts.append(("xl/sharedStrings.xml", try encode(SharedStringsXML(
            count: strings.uses, uniqueCount: strings.strings.count,
            si: strings.strings.map { .init(t: .init(value: encodeOOXMLEscapes($0))) }), root: "sst")))
        parts += sheetParts
        return try pack(parts)
    }

    private static func worksheet(_ sheet: Sheet, strings: inout SharedStringTable) -> WorksheetXML {
        var rows: [WorksheetXML.Row] = []
        var widths: [Int: Int] = [:]
        for row in sheet.rows {
            var cells: [WorksheetXML.Cell] = []
            for cell in row.cells {
                let reference = cell.reference.description
                let style = row.number <= sheet.headerRows ? 1 : nil
                let shown: Int
                switch cell.value {
                case .empty: continue
                case .number(let number):
                    guard number.isFinite else {
                        cells.append(.init(r: reference, t: "e", s: style, v: "#NUM!"))
                        shown = 5
                        break
                    }
                    let text = numberText(number)
                    cells.append(.init(r: reference, t: nil, s: style, v: text))
                    shown = text.count
                case .bool(let flag):
                    cells.append(.init(r: reference, t: "b", s: style, v: flag ? "1" : "0"))
                    shown = 5
                case .text(let text), .date(let text), .error(let text):
                    cells.append(.init(r: reference, t: "s", s: style, v: String(strings.index(of: text))))
                    shown = text.split(separator: "\n").map(\.count).max() ?? 0
                }
                widths[cell.reference.column] = max(widths[cell.reference.column] ?? 0, shown)
            }
            rows.append(.init(r: row.number, c: cells))
        }
        let columns = widths.keys.sorted().map { column in
            WorksheetXML.Column(min: column, max: column, width: Double(min(60, max(8, widths[column]! + 2))), customWidth: 1)
        }
        let views = sheet.headerRows > 0
            ? WorksheetXML.SheetViews(sheetView: .init(workbookViewId: 0, pane: .init(
                ySplit: sheet.headerRows, topLeftCell: "A\(sheet.headerRows + 1)", activePane: "bottomLeft", state: "frozen")))
            : WorksheetXML.SheetViews(sheetView: .init(workbookViewId: 0, pane: nil))
        return WorksheetXML(sheetViews: views, cols: columns.isEmpty ? nil : .init(col: columns), sheetData: .init(row: rows))
    }

    /// A number's shortest text that reads back to the same value ("12", "0.1", "1e-05").
    static func numberText(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    private static func encode<T: Encodable>(_ value: T, root: String) throws(SpreadsheetError) -> Data {
        let encoder = XMLEncoder()
        encoder.charactersEscapedInElements = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")]
        encoder.charactersEscapedInAttributes = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;")]
        do {
            return try encoder.encode(value, withRootKey: root,
                                      header: XMLHeader(version: 1.0, encoding: "UTF-8", standalone: "yes"))
        } catch {
            throw SpreadsheetError("cannot encode the workbook part \(root): \(error)")
        }
    }

    /// Packs the parts into a ZIP archive, deflated, with a fixed date (1980-01-01) so that
    /// the same workbook always gives the same bytes.
    private static func pack(_ parts: [(path: String, data: Data)]) throws(SpreadsheetError) -> [UInt8] {
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            let date = Date(timeIntervalSince1970: 315_532_800)
            for part in parts {
                let data = part.data
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                    compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            guard let data = archive.data else { throw SpreadsheetError("the ZIP package has no bytes") }
            return [UInt8](data)
        } catch let error as SpreadsheetError {
            throw error
        } catch {
            throw SpreadsheetError("cannot pack the workbook: \(error)")
        }
    }
}

/// Sheet names as spreadsheets accept them.
public enum SheetName {
    /// `name` with the characters a sheet name may not hold replaced by `-`, cut to 31
    /// characters, never empty.
    public static func valid(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
        return cleaned.isEmpty ? "sheet" : cleaned
    }
}

/// Strings in first-use order, each stored once.
private struct SharedStringTable {
    var strings: [String] = []
    var positions: [String: Int] = [:]
    var uses = 0

    mutating func index(of text: String) -> Int {
        uses += 1
        if let index = positions[text] { return index }
        positions[text] = strings.count
        strings.append(text)
        return strings.count - 1
    }
}

// MARK: - Parts as XMLCoder models (element order follows the schema)

private let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

private struct ContentTypesXML: Encodable, DynamicNodeEncoding {
    struct Default: Encodable, DynamicNodeEncoding {
        var `extension`: String
        var contentType: String
        enum CodingKeys: String, CodingKey { case `extension` = "Extension", contentType = "ContentType" }
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
    }
    struct Override: Encodable, DynamicNodeEncoding {
        var partName: String
        var contentType: String
        enum CodingKeys: String, CodingKey { case partName = "PartName", contentType = "ContentType" }
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
    }
    var xmlns = "http://schemas.openxmlformats.org/package/2006/content-types"
    var defaults: [Default]
    var overrides: [Override]
    enum CodingKeys: String, CodingKey { case xmlns, defaults = "Default", overrides = "Override" }
    static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "xmlns" ? .attribute : .element }
}

private struct RelationshipsXML: Encodable, DynamicNodeEncoding {
    struct Relationship: Encodable, DynamicNodeEncoding {
        var id: String
        var type: String
        var target: String
        enum CodingKeys: String, CodingKey { case id = "Id", type = "Type", target = "Target" }
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
    }
    var xmlns = "http://schemas.openxmlformats.org/package/2006/relationships"
    var relationships: [Relationship]
    enum CodingKeys: String, CodingKey { case xmlns, relationships = "Relationship" }
    static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "xmlns" ? .attribute : .element }
}

private struct WorkbookXML: Encodable, DynamicNodeEncoding {
    struct Sheets: Encodable {
        var sheet: [SheetEntry]
    }
    struct SheetEntry: Encodable, DynamicNodeEncoding {
        var name: String
        var sheetId: Int
        var relationship: String
        enum CodingKeys: String, CodingKey { case name, sheetId, relationship = "r:id" }
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
    }
    var xmlns = mainNamespace
    var relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var sheets: Sheets
    enum CodingKeys: String, CodingKey { case xmlns, relationshipsNamespace = "xmlns:r", sheets }
    static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue.hasPrefix("xmlns") ? .attribute : .element }
}

private struct SharedStringsXML: Encodable, DynamicNodeEncoding {
    struct Item: Encodable { var t: Text }
    struct Text: Encodable, DynamicNodeEncoding {
        var space = "preserve"
        var value: String
        enum CodingKeys: String, CodingKey { case space = "xml:space", value = "" }
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue.isEmpty ? .element : .attribute }
    }
    var xmlns = mainNamespace
    var count: Int
    var uniqueCount: Int
    var si: [Item]
    enum CodingKeys: String, CodingKey { case xmlns, count, uniqueCount, si }
    static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "si" ? .element : .attribute }
}

private struct WorksheetXML: Encodable, DynamicNodeEncoding {
    struct SheetViews: Encodable { var sheetView: SheetView }
    struct SheetView: Encodable, DynamicNodeEncoding {
        var workbookViewId: Int
        var pane: Pane?
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "pane" ? .element : .attribute }
    }
    struct Pane: Encodable, DynamicNodeEncoding {
        var ySplit: Int
        var topLeftCell: String
        var activePane: String
        var state: String
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
    }
    struct Columns: Encodable { var col: [Column] }
    struct Column: Encodable, DynamicNodeEncoding {
        var min: Int
        var max: Int
        var width: Double
        var customWidth: Int
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { .attribute }
    }
    struct SheetData: Encodable { var row: [Row] }
    struct Row: Encodable, DynamicNodeEncoding {
        var r: Int
        var c: [Cell]
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "r" ? .attribute : .element }
    }
    struct Cell: Encodable, DynamicNodeEncoding {
        var r: String
        var t: String?
        var s: Int?
        var v: String
        static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "v" ? .element : .attribute }
    }
    var xmlns = mainNamespace
    var sheetViews: SheetViews
    var cols: Columns?
    var sheetData: SheetData
    static func nodeEncoding(for key: CodingKey) -> XMLEncoder.NodeEncoding { key.stringValue == "xmlns" ? .attribute : .element }
}

/// Two cell formats: 0 plain, 1 bold (headers). Static, so written as it stands.
private let stylesXML = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
    <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """
