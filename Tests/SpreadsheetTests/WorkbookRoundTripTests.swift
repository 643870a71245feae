import Foundation
import Testing
import ZIPFoundation

@testable import Spreadsheet

@Suite struct WorkbookRoundTripTests {
    static let sample = Workbook(sheets: [
        Sheet(
            name: "scenario",
            values: [
                [.text("field"), .text("value")],
                [.text("name"), .text("A & B <test> \"quoted\" 'single'")],
                [.text("control"), .text("tab\there\r\nline _x0041_ \u{1}")],
                [.text("flag"), .bool(true)],
                [.text("rate"), .number(0.1)],
                [.text("big"), .number(1e300)],
                [.text("small"), .number(-2.5e-7)],
                [.text("whole"), .number(12)],
                [],
                [.empty, .text("after a gap"), .empty, .number(3)],
            ], headerRows: 1),
        Sheet(name: "Données ünï", values: [[.text("x")], [.number(1)]]),
    ])

    @Test func ourWriterReadsBackEqual() throws {
        let bytes = try XLSXWriter.bytes(Self.sample)
        let read = try XLSXReader().read(bytes)
        #expect(read.sheets.map(\.name) == Self.sample.sheets.map(\.name))
        for (a, b) in zip(read.sheets, Self.sample.sheets) { #expect(a.rows == b.rows) }
    }

    @Test func sameWorkbookSameBytes() throws {
        #expect(try XLSXWriter.bytes(Self.sample) == XLSXWriter.bytes(Self.sample))
    }

    @Test func referencesInA1Style() {
        #expect(CellReference(row: 7, column: 4).description == "D7")
        #expect(CellReference(row: 1, column: 27).description == "AA1")
        #expect(CellReference(row: 3, column: 16384).description == "XFD3")
        #expect(CellReference("xfd3") == CellReference(row: 3, column: 16384))
        #expect(CellReference("A0") == nil)
        #expect(CellReference("7D") == nil)
        #expect(CellReference("A1B") == nil)
    }

    @Test func dateFormatCodes() {
        #expect(isDateFormatCode("yyyy-mm-dd"))
        #expect(isDateFormatCode("[h]:mm"))
        #expect(!isDateFormatCode("0.00%"))
        #expect(!isDateFormatCode("[Red]#,##0.00"))
        #expect(!isDateFormatCode("#,##0 \"days\""))
        #expect(!isDateFormatCode("General"))
    }

    @Test func csvRoundTripKeepsTextAndDefusesFormulas() throws {
        let sheet = Sheet(
            name: "t",
            values: [
                [.text("=1+1"), .text("'quoted"), .text("a,b"), .text("line\nbreak \"q\"")],
                [.number(-5), .bool(false), .empty, .text("@x")],
            ])
        let text = CSVSheet.text(sheet)
        #expect(text == "'=1+1,''quoted,\"a,b\",\"line\nbreak \"\"q\"\"\"\r\n-5,false,,'@x\r\n")
        let back = try CSVSheet.read(text, name: "t")
        #expect(
            back.rows.map { $0.cells.map(\.value) } == [
                [.text("=1+1"), .text("'quoted"), .text("a,b"), .text("line\nbreak \"q\"")],
                [.text("-5"), .text("false"), .text("@x")],
            ])
        #expect(back.rows[1].cells[2].reference.description == "D2")
    }

    /// Cells and CSV fields write numbers with the one formatter (Documents' `NumberText`):
    /// whole numbers without a fraction, others in their shortest round-trip text.
    @Test func numbersAsShortestText() throws {
        let numbers: [(Double, String)] = [
            (12, "12"), (-0.0, "0"), (0.1, "0.1"), (1e-5, "1e-05"), (1e16, "1e+16"), (-2.5e-7, "-2.5e-07"),
        ]
        for (number, text) in numbers { #expect(CSVSheet.field(.number(number)) == text) }
        #expect(CSVSheet.field(.number(.nan)) == "nan")
        #expect(CSVSheet.field(.number(-.infinity)) == "-inf")
        let bytes = try XLSXWriter.bytes(
            Workbook(sheets: [Sheet(name: "n", values: [numbers.map { .number($0.0) } + [.number(.nan)]])]))
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        let entry = try #require(archive["xl/worksheets/sheet1.xml"])
        var xml = Data()
        _ = try archive.extract(entry) { xml.append($0) }
        let cells = String(decoding: xml, as: UTF8.self).matches(of: /<v>([^<]*)<\/v>/).map { String($0.output.1) }
        #expect(cells == numbers.map(\.1) + ["#NUM!"])
    }

    @Test func notAWorkbook() {
        #expect(
            throws: SpreadsheetError(
                "the file is not an .xlsx workbook (not a ZIP package); save it as an Excel Workbook (.xlsx)")
        ) {
            try XLSXReader().read(Array("name: x\n".utf8))
        }
        #expect(
            throws: SpreadsheetError(
                "the file is an old-style .xls workbook or a password-protected one; save it as an Excel Workbook (.xlsx) without a password"
            )
        ) {
            try XLSXReader().read([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        }
    }
}

extension WorkbookRoundTripTests {
    /// A damaged workbook is refused with a sentence, never a crash: every truncation of a
    /// real one, and single corrupted bytes through it.
    @Test func damagedWorkbooksAreRefusedNotCrashed() throws {
        let bytes = try XLSXWriter.bytes(Self.sample)
        var refused = 0
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            do { _ = try XLSXReader().read(Array(bytes.prefix(length))) } catch { refused += 1 }
        }
        #expect(refused > 90, "almost every truncation is refused")
        // Every byte in turn (up to `corruptions` of them, spread over the file), flipped.
        let step = max(1, bytes.count / Self.corruptions)
        for position in stride(from: 0, to: bytes.count, by: step) {
            var damaged = bytes
            damaged[position] ^= UInt8(truncatingIfNeeded: 0x5A &+ position)
            do {
                let read = try XLSXReader().read(damaged)
                #expect(read.sheets.count <= Self.sample.sheets.count + 1)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }

    /// A size field that claims more data than the package holds is refused before reading:
    /// ZIPFoundation would read it in 16 KiB chunks, taking every read past the end as an empty
    /// chunk, so a damaged size of 2^60 looped for ever (seen in the test above).
    @Test func anEntryLargerThanItsPackageIsRefused() throws {
        var bytes = try XLSXWriter.bytes(Self.sample)
        var damaged = 0
        for offset in 0..<(bytes.count - 46) where bytes[offset..<offset + 4] == [0x50, 0x4B, 0x01, 0x02] {
            // A central directory record: compressed size at +20, uncompressed size at +24.
            for field in [20, 24] {
                bytes.replaceSubrange(offset + field..<offset + field + 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
            }
            damaged += 1
        }
        #expect(damaged >= 3)
        #expect(
            throws: SpreadsheetError(
                "the workbook's part _rels/.rels cannot be unpacked (the ZIP package is damaged: the part claims more bytes than the file has)"
            )
        ) {
            try XLSXReader().read(bytes)
        }
    }

    @Test func aPartWithADTDIsRefused() throws {
        let bomb = """
            <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>
            """
        #expect(
            throws: SpreadsheetError(
                "the workbook's part xl/sharedStrings.xml declares a DTD, which spreadsheet files never do; save the workbook again from Excel or LibreOffice"
            )
        ) {
            try parseXML(Data(bomb.utf8), part: "xl/sharedStrings.xml", into: NoEvents())
        }
    }

    @Test func aZIPThatIsNotAWorkbook() throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        let text = Data("hello".utf8)
        try archive.addEntry(with: "notes.txt", type: .file, uncompressedSize: Int64(text.count)) { position, size in
            text.subdata(in: Int(position)..<(Int(position) + size))
        }
        #expect(
            throws: SpreadsheetError(
                "the file is a ZIP package but not a spreadsheet (it has no xl/workbook.xml); save it as an Excel Workbook (.xlsx)"
            )
        ) {
            try XLSXReader().read([UInt8](archive.data!))
        }
    }
}

extension WorkbookRoundTripTests {
    static let corruptions = Int(ProcessInfo.processInfo.environment["SPREADSHEET_CORRUPTIONS"] ?? "") ?? 300
}

private final class NoEvents: XMLEventHandler {
    func start(_ name: String, _ attributes: [String: String]) {}
    func text(_ text: String) {}
    func end(_ name: String) {}
}
