// Reading .xlsx workbooks (Office Open XML spreadsheets): ZIPFoundation opens the package,
// XMLParser reads the parts. The workbook is found through the package relationships, its
// sheets through the workbook's; shared strings, inline strings, booleans, errors, dates
// (number cells with a date format, or date cells) and formulas with their saved results are
// told apart. Only the sheets asked for are parsed.

import Foundation
import ZIPFoundation

/// Reads the cells of an .xlsx workbook.
public struct XLSXReader: Sendable {
    /// The most bytes one part of the package may unpack to (a guard against ZIP bombs).
    public var maxPartBytes: Int
    /// The most cells the sheets read may hold together.
    public var maxCells: Int

    public init(maxPartBytes: Int = 256 * 1024 * 1024, maxCells: Int = 5_000_000) {
        self.maxPartBytes = maxPartBytes
        self.maxCells = maxCells
    }

    /// The names of the workbook's sheets, in order.
    public func sheetNames(_ bytes: [UInt8]) throws(SpreadsheetError) -> [String] {
        let package = try Package(bytes, maxPartBytes: maxPartBytes)
        return try package.sheetList().map(\.name)
    }

    /// The workbook's sheets for which `include` (given the sheet's name) is true, in order;
    /// the others are listed with no rows.
    public func read(_ bytes: [UInt8], include: (String) -> Bool = { _ in true }) throws(SpreadsheetError) -> Workbook {
        let package = try Package(bytes, maxPartBytes: maxPartBytes)
        let list = try package.sheetList()
        var sharedStrings: [String]?
        var styles: DateStyles?
        var cellBudget = maxCells
        var sheets: [Sheet] = []
        for entry in list {
            guard include(entry.name) else {
                sheets.append(Sheet(name: entry.name, rows: []))
                continue
            }
            if sharedStrings == nil { sharedStrings = try package.sharedStrings() }
            if styles == nil { styles = try package.dateStyles() }
            guard let data = try package.part(entry.path) else {
                throw SpreadsheetError("the workbook lists sheet \"\(entry.name)\" but has no part \(entry.path)")
            }
            let reader = WorksheetReader(sharedStrings: sharedStrings ?? [], styles: styles ?? DateStyles(), budget: cellBudget)
            try parseXML(data, part: entry.path, into: reader)
            if let failure = reader.failure { throw SpreadsheetError("sheet \"\(entry.name)\": \(failure)") }
            cellBudget = reader.budget
            sheets.append(Sheet(name: entry.name, rows: reader.rows()))
        }
        return Workbook(sheets: sheets)
    }
}

// MARK: - The package

private struct SheetEntry {
    var name: String
    var path: String
}

private struct Package {
    /// Where a part's data sits in the package, from the ZIP's central directory and the
    /// part's local header.
    struct Location {
        let method: UInt16
        let checksum: UInt32
        let data: Range<Int>
    }

    let bytes: [UInt8]
    let maxPartBytes: Int
    var workbookPath = "xl/workbook.xml"
    /// Every part by its path, nil when its directory entry or local header is damaged.
    private let parts: [String: Location?]

    // The ZIP container is read here, not by ZIPFoundation's Archive: its in-memory archive
    // traps on offsets past its end (Archive.MemoryFile.readData) and its file-backed one, taking
    // a read past the end of the file as an empty chunk, inflates a damaged stream for ever. Each
    // part's bytes are located and bounds-checked here; ZIPFoundation inflates them
    // (Data.decompress) from a provider that refuses to read past the part's compressed data.
    init(_ bytes: [UInt8], maxPartBytes: Int) throws(SpreadsheetError) {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw SpreadsheetError("the file is an old-style .xls workbook or a password-protected one; save it as an Excel Workbook (.xlsx) without a password")
        }
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw SpreadsheetError("the file is not an .xlsx workbook (not a ZIP package); save it as an Excel Workbook (.xlsx)")
        }
        guard let parts = Self.directory(bytes) else {
            throw SpreadsheetError("the file is not a readable .xlsx workbook (its ZIP package is damaged)")
        }
        self.bytes = bytes
        self.parts = parts
        self.maxPartBytes = maxPartBytes
        if let rels = try part("_rels/.rels") {
            let reader = RelationshipsReader()
            try parseXML(rels, part: "_rels/.rels", into: reader)
            if let target = reader.relationships.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
                workbookPath = resolve(target, from: "")
            }
        }
    }

    /// The parts listed in the central directory (at most 65,535, no ZIP64: a workbook a
    /// scenario fits in never needs more), or nil when the directory itself is damaged.
    static func directory(_ bytes: [UInt8]) -> [String: Location?]? {
        func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(at), let high = u16(at + 2) else { return nil }
            return low | high << 16
        }
        // The end-of-central-directory record: the last signature within its comment's reach.
        var end: Int?
        var at = bytes.count - 22
        while at >= max(0, bytes.count - 22 - 65_535) {
            if u32(at) == 0x0605_4B50 { end = at; break }
            at -= 1
        }
        guard let end, let count = u16(end + 10), var record = u32(end + 16) else { return nil }
        var parts: [String: Location?] = [:]
        for _ in 0..<count {
            guard u32(record) == 0x0201_4B50, let method = u16(record + 10), let checksum = u32(record + 16),
                  let compressed = u32(record + 20), let nameLength = u16(record + 28), let extraLength = u16(record + 30),
                  let commentLength = u16(record + 32), let local = u32(record + 42),
                  record + 46 + nameLength <= bytes.count else { return nil }
            let name = String(decoding: bytes[record + 46 ..< record + 46 + nameLength], as: UTF8.self)
            record += 46 + nameLength + extraLength + commentLength
            var location: Location?
            if u32(local) == 0x0403_4B50, let localName = u16(local + 26), let localExtra = u16(local + 28) {
                let start = local + 30 + localName + localExtra
                if compressed != 0xFFFF_FFFF, start + compressed <= bytes.count {
                    location = Location(method: UInt16(method), checksum: UInt32(checksum), data: start ..< start + compressed)
                }
            }
            parts[name] = location
        }
        return parts
    }

    /// The bytes of the part at `path`, or nil when the package has none.
    func part(_ path: String) throws(SpreadsheetError) -> Data? {
        let key = parts[path] != nil ? path : parts.keys.sorted().first { $0.lowercased() == path.lowercased() }
        guard let key, let entry = parts[key] else { return nil }
        if key.hasSuffix("/") { return nil }
        let damaged = SpreadsheetError("the workbook's part \(path) cannot be unpacked (the ZIP package is damaged)")
        guard let location = entry else {
            throw SpreadsheetError("the workbook's part \(path) cannot be unpacked (the ZIP package is damaged: the part claims more bytes than the file has)")
        }
        let limit = maxPartBytes
        let tooLarge = SpreadsheetError("the workbook's part \(path) unpacks to more than \(limit >> 20) MiB, more than a scenario needs")
        let compressed = bytes[location.data]
        var data = Data()
        switch location.method {
        case 0:
            guard compressed.count <= limit else { throw tooLarge }
            data = Data(compressed)
            guard data.crc32(checksum: 0) == location.checksum else { throw damaged }
        case 8:
            var position = compressed.startIndex
            do {
                let checksum = try Data.decompress(
                    size: Int64(compressed.count), bufferSize: 16_384, skipCRC32: false,
                    provider: { _, size in
                        // Past the part's data the stream is damaged (it has not ended): stop.
                        guard position < compressed.endIndex else { throw PartDamaged() }
                        let next = min(position + size, compressed.endIndex)
                        defer { position = next }
                        return Data(compressed[position..<next])
                    },
                    consumer: { chunk in
                        data.append(chunk)
                        if data.count > limit { throw PartTooLarge() }
                    })
                guard checksum == location.checksum else { throw damaged }
            } catch is PartTooLarge {
                throw tooLarge
            } catch {
                throw damaged
            }
        default:
            throw SpreadsheetError("the workbook's part \(path) is packed in a way spreadsheet files do not use (ZIP method \(location.method)); save it again from Excel or LibreOffice")
        }
        return data
    }

    /// The sheets the workbook lists, with the parts that hold them.
    func sheetList() throws(SpreadsheetError) -> [SheetEntry] {
        guard let data = try part(workbookPath) else {
            throw SpreadsheetError("the file is a ZIP package but not a spreadsheet (it has no \(workbookPath)); save it as an Excel Workbook (.xlsx)")
        }
        let workbook = WorkbookReader()
        try parseXML(data, part: workbookPath, into: workbook)
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        var targets: [String: String] = [:]
        if let rels = try part(relsPath) {
            let reader = RelationshipsReader()
            try parseXML(rels, part: relsPath, into: reader)
            for relationship in reader.relationships { targets[relationship.id] = resolve(relationship.target, from: folder) }
        }
        return workbook.sheets.map { sheet in
            SheetEntry(name: sheet.name, path: targets[sheet.relationship] ?? "\(folder)/worksheets/sheet\(sheet.index).xml")
        }
    }

    func sharedStrings() throws(SpreadsheetError) -> [String] {
        let path = try relatedPart(endingWith: "/sharedStrings") ?? "xl/sharedStrings.xml"
        guard let data = try part(path) else { return [] }
        let reader = SharedStringsReader()
        try parseXML(data, part: path, into: reader)
        return reader.strings
    }

    func dateStyles() throws(SpreadsheetError) -> DateStyles {
        let path = try relatedPart(endingWith: "/styles") ?? "xl/styles.xml"
        guard let data = try part(path) else { return DateStyles() }
        let reader = StylesReader()
        try parseXML(data, part: path, into: reader)
        return DateStyles(dateStyles: reader.dateStyles())
    }

    /// The workbook's related part of a type (by the end of its relationship type URI).
    private func relatedPart(endingWith type: String) throws(SpreadsheetError) -> String? {
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        guard let rels = try part(relsPath) else { return nil }
        let reader = RelationshipsReader()
        try parseXML(rels, part: relsPath, into: reader)
        return reader.relationships.first { $0.type.hasSuffix(type) }.map { resolve($0.target, from: folder) }
    }
}

private struct PartTooLarge: Error {}
private struct PartDamaged: Error {}

/// The bytes in a new private file (mode 0600) under the temporary folder, removed on deinit.

/// A relationship target as a package path: absolute (`/xl/x.xml`) or relative to `folder`.
private func resolve(_ target: String, from folder: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts = folder.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
        if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
    }
    return parts.joined(separator: "/")
}

// MARK: - Part readers

private final class RelationshipsReader: XMLEventHandler {
    var relationships: [(id: String, type: String, target: String)] = []
    func start(_ name: String, _ attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        relationships.append((id, attributes["Type"] ?? "", target))
    }
    func text(_ text: String) {}
    func end(_ name: String) {}
}

private final class WorkbookReader: XMLEventHandler {
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
private final class SharedStringsReader: XMLEventHandler {
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

private final class StylesReader: XMLEventHandler {
    private var customFormats: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellXfs = false
    func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) { customFormats[id] = attributes["formatCode"] ?? "" }
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
    var inQuotes = false, inBracket = false, escaped = false
    var bracket = ""
    for character in code.lowercased() {
        if escaped { escaped = false; continue }
        if inQuotes { if character == "\"" { inQuotes = false }; continue }
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
        case "[": inBracket = true; bracket = ""
        case "y", "m", "d", "h", "s": return true
        default: break
        }
    }
    return false
}

/// One worksheet's cells. Rows and cells without a reference follow the one before.
private final class WorksheetReader: XMLEventHandler {
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
        case "v" where inCell: collecting = .value; value = value ?? ""
        case "f" where inCell: collecting = .formula; formula = formula ?? ""
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
            if budget < 0 { failure = "the workbook has more cells than a scenario can hold"; return }
            byRow[reference.row, default: []].append(Cell(reference: reference, value: cellValue, formula: formula))
        default: break
        }
    }

    private func decode() -> CellValue {
        switch type {
        case "s":
            guard let index = value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), sharedStrings.indices.contains(index) else {
                return value == nil ? .empty : .error("#REF!")
            }
            return .text(sharedStrings[index])
        case "inlineStr": return hasInline ? .text(decodeOOXMLEscapes(inline)) : value.map { .text(decodeOOXMLEscapes($0)) } ?? .empty
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
