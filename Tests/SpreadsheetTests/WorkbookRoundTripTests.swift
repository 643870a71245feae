import Foundation
import Testing
@testable import Spreadsheet

@Suite struct WorkbookRoundTripTests {
    static let sample = Workbook(sheets: [
        Sheet(name: "scenario", values: [
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
        let sheet = Sheet(name: "t", values: [
            [.text("=1+1"), .text("'quoted"), .text("a,b"), .text("line\nbreak \"q\"")],
            [.number(-5), .bool(false), .empty, .text("@x")],
        ])
        let text = CSVSheet.text(sheet)
        #expect(text == "'=1+1,''quoted,\"a,b\",\"line\nbreak \"\"q\"\"\"\r\n-5,false,,'@x\r\n")
        let back = try CSVSheet.read(text, name: "t")
        #expect(back.rows.map { $0.cells.map(\.value) } == [
            [.text("=1+1"), .text("'quoted"), .text("a,b"), .text("line\nbreak \"q\"")],
            [.text("-5"), .text("false"), .text("@x")],
        ])
        #expect(back.rows[1].cells[2].reference.description == "D2")
    }

    @Test func notAWorkbook() {
        #expect(throws: SpreadsheetError("the file is not an .xlsx workbook (not a ZIP package); save it as an Excel Workbook (.xlsx)")) {
            try XLSXReader().read(Array("name: x\n".utf8))
        }
        #expect(throws: SpreadsheetError("the file is an old-style .xls workbook or a password-protected one; save it as an Excel Workbook (.xlsx) without a password")) {
            try XLSXReader().read([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        }
    }
}
