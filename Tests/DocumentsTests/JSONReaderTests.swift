import Documents
import Testing

/// The strict JSON reader: what it keeps (order, duplicates, numbers' text) and where it says
/// a text is wrong.
struct JSONReaderTests {
    func literal(_ text: String, duplicateKeys: DuplicateKeys = .keep) throws(JSONParseError) -> DocumentValue<
        NumberLiteral
    > {
        try DocumentValue<NumberLiteral>(parsingJSON: Array(text.utf8), maxDepth: 8, duplicateKeys: duplicateKeys)
    }

    func failure(_ text: String, maxDepth: Int = 8) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: text, maxDepth: maxDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test func membersKeepTheirOrderAndDuplicatesTheirPositions() throws {
        let tree = try literal(#"{"b": 1, "a": 2, "b": 3}"#)
        let members = try #require(tree.objectMembers)
        #expect(members.map(\.0) == ["b", "a", "b"])
        #expect(
            members.map(\.1) == [.number(NumberLiteral("1")), .number(NumberLiteral("2")), .number(NumberLiteral("3"))])
        // The subscript finds the first of the two.
        #expect(tree["b"] == .number(NumberLiteral("1")))
    }

    @Test func plansRefuseDuplicateKeysWithTheirPlace() {
        let error = failure("{\"a\": 1,\n \"a\": 2}")
        #expect(
            error?.description == #"line 2, column 5: duplicate key "a"; each key may appear only once in an object"#)
        #expect(error?.kind == .syntax)
        #expect(throws: JSONParseError.self) { try literal(#"{"a": 1, "a": 2}"#, duplicateKeys: .reject) }
    }

    @Test func numbersKeepTheirTextAsWritten() throws {
        let tree = try literal("[1e300, -0, 1.50, 2E+3, 1e400]")
        guard case .array(let numbers) = tree else {
            Issue.record("not an array: \(tree)")
            return
        }
        #expect(
            numbers.map { if case .number(let n) = $0 { n.text } else { "" } } == [
                "1e300", "-0", "1.50", "2E+3", "1e400",
            ])
        #expect(
            numbers.map { if case .number(let n) = $0 { n.value } else { .nan } } == [
                1e300, -0.0, 1.5, 2000, .infinity,
            ])
        // A plan holds Doubles: a number beyond their range is refused, with its place.
        #expect(failure("[1, 1e400]")?.description == "line 1, column 10: the number 1e400 is out of range")
    }

    @Test func stringsDecodeEveryEscape() throws {
        let value = try JSONValue(parsing: #"["\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00<", "plain é"]"#)
        #expect(value == .array([.string("\"\\/\u{8}\u{C}\n\r\t"), .string("é😀<"), .string("plain é")]))
    }

    @Test func errorsSayWhatWasExpectedAndWhere() {
        let cases: [(String, String)] = [
            ("[1,]", "line 1, column 4: expected a value (an object, array, string, number, true, false or null)"),
            ("01", "line 1, column 2: numbers may not have leading zeros"),
            ("[1 2]", "line 1, column 4: expected \",\" or \"]\" after an array element"),
            ("{\"a\" 1}", "line 1, column 6: expected \":\" after the field name"),
            ("{\"a\": 1 \"b\": 2}", "line 1, column 9: expected \",\" or \"}\" after a field's value"),
            ("{1: 2}", "line 1, column 2: expected a field name in double quotes"),
            ("\"abc", "line 1, column 5: a string is not closed (missing \")"),
            (
                "\"a\nb\"",
                "line 1, column 3: control characters must be escaped in strings (a line break inside a string?)"
            ),
            (#""\x""#, "line 1, column 3: unknown escape sequence in a string"),
            (#""\ud83d x""#, "line 1, column 8: a \\u escape holds half of a surrogate pair without the other half"),
            (#""\udc00""#, "line 1, column 8: a \\u escape holds half of a surrogate pair without the other half"),
            (#""\u12g4""#, "line 1, column 6: expected four hex digits after \\u"),
            ("1.", "line 1, column 3: expected a digit after the decimal point"),
            ("1e+", "line 1, column 4: expected a digit in the exponent"),
            ("-x", "line 1, column 2: expected a digit in the number"),
            ("tru", "line 1, column 1: expected a value (an object, array, string, number, true, false or null)"),
            ("{} {}", "line 1, column 4: unexpected text after the end of the JSON document"),
            ("[\n  \"é\", \"ü\" x]", "line 2, column 12: expected \",\" or \"]\" after an array element"),
            ("[", "line 1, column 2: the document ends where a value was expected"),
        ]
        for (text, expected) in cases {
            #expect(failure(text)?.description == expected, "\(text)")
        }
    }

    @Test func emptyTextsAndDeepNestingHaveTheirOwnKind() {
        #expect(failure(" \n\t")?.kind == .empty)
        let deep = failure(String(repeating: "[", count: 100_000))
        #expect(deep?.kind == .tooDeep)
        #expect(deep?.description == "line 1, column 9: the document is nested more than 8 levels deep")
        #expect(failure(String(repeating: "[", count: 8) + String(repeating: "]", count: 8)) == nil)
    }

    @Test func aByteOrderMarkIsSkippedInPlans() throws {
        #expect(try JSONValue(parsing: "\u{FEFF}{\"a\": true}") == .object([("a", .bool(true))]))
    }
}
