import Testing

@testable import SourcingScenario

/// Control characters in names: shown as escapes in text outputs, found for messages.
struct TextEscapingTests {
    @Test func labelsShowEveryControlCharacter() {
        #expect(printableLabel("P\u{1b}[31m1") == "P\\u{1b}[31m1")
        #expect(printableLabel("a\nb\tc\rd\u{7f}e\u{85}f\u{0}") == "a\\u{a}b\\u{9}c\\u{d}d\\u{7f}e\\u{85}f\\u{0}")
        #expect(printableLabel("Åland – FY26") == "Åland – FY26")
    }

    @Test func textKeepsItsLinesAndColumns() {
        #expect(terminalSafe("a\tb\nc\u{1b}]0;x\u{7}\r\n") == "a\tb\nc\\u{1b}]0;x\\u{7}\\u{d}\n")
        let plain = "nothing to escape\n"
        #expect(terminalSafe(plain) == plain)
    }

    @Test func theFirstControlCharacterIsPlaced() {
        #expect(controlCharacterPlace(in: "FY\u{1b}26") == "U+001B at character 3")
        #expect(controlCharacterPlace(in: "x\u{9b}") == "U+009B at character 2")
        #expect(controlCharacterPlace(in: "FY26") == nil)
    }
}
