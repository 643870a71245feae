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
            let reader = WorksheetReader(
                sharedStrings: sharedStrings ?? [], styles: styles ?? DateStyles(), budget: cellBudget)
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
            throw SpreadsheetError(
                "the file is an old-style .xls workbook or a password-protected one; save it as an Excel Workbook (.xlsx) without a password"
            )
        }
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw SpreadsheetError(
                "the file is not an .xlsx workbook (not a ZIP package); save it as an Excel Workbook (.xlsx)")
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
        func u16(_ at: Int) -> Int? {
            at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil
        }
        func u32(_ at: Int) -> Int? {
            guard let low = u16(at), let high = u16(at + 2) else { return nil }
            return low | high << 16
        }
        // The end-of-central-directory record: the last signature within its comment's reach.
        var end: Int?
        var at = bytes.count - 22
        while at >= max(0, bytes.count - 22 - 65_535) {
            if u32(at) == 0x0605_4B50 {
                end = at
                break
            }
            at -= 1
        }
        guard let end, let count = u16(end + 10), var record = u32(end + 16) else { return nil }
        var parts: [String: Location?] = [:]
        for _ in 0..<count {
            guard u32(record) == 0x0201_4B50, let method = u16(record + 10), let checksum = u32(record + 16),
                let compressed = u32(record + 20), let nameLength = u16(record + 28),
                let extraLength = u16(record + 30),
                let commentLength = u16(record + 32), let local = u32(record + 42),
                record + 46 + nameLength <= bytes.count
            else { return nil }
            let name = String(decoding: bytes[record + 46..<record + 46 + nameLength], as: UTF8.self)
            record += 46 + nameLength + extraLength + commentLength
            var location: Location?
            if u32(local) == 0x0403_4B50, let localName = u16(local + 26), let localExtra = u16(local + 28) {
                let start = local + 30 + localName + localExtra
                if compressed != 0xFFFF_FFFF, start + compressed <= bytes.count {
                    location = Location(
                        method: UInt16(method), checksum: UInt32(checksum), data: start..<start + compressed)
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
            throw SpreadsheetError(
                "the workbook's part \(path) cannot be unpacked (the ZIP package is damaged: the part claims more bytes than the file has)"
            )
        }
        let limit = maxPartBytes
        let tooLarge = SpreadsheetError(
            "the workbook's part \(path) unpacks to more than \(limit >> 20) MiB, more than a scenario needs")
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
            throw SpreadsheetError(
                "the workbook's part \(path) is packed in a way spreadsheet files do not use (ZIP method \(location.method)); save it again from Excel or LibreOffice"
            )
        }
        return data
    }

    /// The sheets the workbook lists, with the parts that hold them.
    func sheetList() throws(SpreadsheetError) -> [SheetEntry] {
        guard let data = try part(workbookPath) else {
            throw SpreadsheetError(
                "the file is a ZIP package but not a spreadsheet (it has no \(workbookPath)); save it as an Excel Workbook (.xlsx)"
            )
        }
        let workbook = WorkbookReader()
        try parseXML(data, part: workbookPath, into: workbook)
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let relsPath =
            (folder.isEmpty ? "" : folder + "/") + "_rels/"
            + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        var targets: [String: String] = [:]
        if let rels = try part(relsPath) {
            let reader = RelationshipsReader()
            try parseXML(rels, part: relsPath, into: reader)
            for relationship in reader.relationships {
                targets[relationship.id] = resolve(relationship.target, from: folder)
            }
        }
        return workbook.sheets.map { sheet in
            SheetEntry(
                name: sheet.name, path: targets[sheet.relationship] ?? "\(folder)/worksheets/sheet\(sheet.index).xml")
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
        let relsPath =
            (folder.isEmpty ? "" : folder + "/") + "_rels/"
            + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        guard let rels = try part(relsPath) else { return nil }
        let reader = RelationshipsReader()
        try parseXML(rels, part: relsPath, into: reader)
        return reader.relationships.first { $0.type.hasSuffix(type) }.map { resolve($0.target, from: folder) }
    }
}

private struct PartTooLarge: Error {}
private struct PartDamaged: Error {}

/// A relationship target as a package path: absolute (`/xl/x.xml`) or relative to `folder`.
private func resolve(_ target: String, from folder: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts = folder.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
        if piece == ".." {
            if !parts.isEmpty { parts.removeLast() }
        } else if piece != "." {
            parts.append(String(piece))
        }
    }
    return parts.joined(separator: "/")
}
