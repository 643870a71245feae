import Documents
import Testing

/// The one writer, escaper and number formatter: exact bytes, since plans are compared byte for byte.
struct JSONWriterTests {
    @Test func prettyOutputIsIndentedWithScalarArraysOnOneLine() {
        let value: JSONValue = .object([
            ("name", .string("cutter")),
            ("demand", .array([.number(1), .number(2.5), .null])),
            ("empty", .array([])),
            ("none", .object([])),
            ("sources", .array([.object([("id", .string("a")), ("used", .bool(true))]), .array([])])),
        ])
        #expect(
            value.serialized() == """
                {
                  "name": "cutter",
                  "demand": [1, 2.5, null],
                  "empty": [],
                  "none": {},
                  "sources": [
                    {
                      "id": "a",
                      "used": true
                    },
                    []
                  ]
                }

                """)
        #expect(
            value.serialized(pretty: false)
                == #"{"name":"cutter","demand":[1,2.5,null],"empty":[],"none":{},"sources":[{"id":"a","used":true},[]]}"#
        )
    }

    @Test func numbersAreWrittenInTheirShortestRoundTripForm() {
        #expect(NumberText.shortest(12) == "12")
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.shortest(-0.0) == "0")
        #expect(NumberText.shortest(1e-5) == "1e-05")
        #expect(NumberText.shortest(1e15) == "1000000000000000.0")
        #expect(NumberText.shortest(1e16) == "1e+16")
        #expect(NumberText.shortest(999_999_999_999_999) == "999999999999999")
        for value in [0.1 + 0.2, 1.0 / 3, 123456.789, Double.leastNonzeroMagnitude, 9.999e14, -2.5, 1e300] {
            #expect(Double(NumberText.shortest(value)) == value)
        }
        // JSON has no infinity or NaN: a plan writes them as null.
        #expect(JSONValue.array([.number(.infinity), .number(.nan)]).serialized(pretty: false) == "[null,null]")
        // A number read with its text is written back as written.
        #expect(
            DocumentValue<NumberLiteral>.array([.number(NumberLiteral("1E+3"))]).serialized(pretty: false) == "[1E+3]")
    }

    @Test func stringsEscapeQuotesControlsAndWhatHTMLOrYAMLWouldMisread() {
        #expect(JSONText.quoted("say \"hi\" \\ now") == #""say \"hi\" \\ now""#)
        #expect(JSONText.quoted("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(JSONText.quoted("\u{0}\u{1b}[31m\u{7f}\u{85}\u{9b}") == #""\u0000\u001b[31m\u007f\u0085\u009b""#)
        #expect(JSONText.quoted("</script>\u{2028}\u{2029}\u{FEFF}") == #""\u003c/script>\u2028\u2029\ufeff""#)
        #expect(JSONText.quoted("Åland – 日本 🚢") == "\"Åland – 日本 🚢\"")
    }

    @Test func whatIsWrittenReadsBackEqual() throws {
        let strange = (0..<0xA0).map { String(Unicode.Scalar($0)!) }.joined() + "\u{2028}\u{FEFF}é😀"
        let value: JSONValue = .object([
            ("text", .string(strange)), ("numbers", .array([0.1, 1e-9, -1e15, 12, 1e300].map { .number($0) })),
            ("nested", .array([.object([("k", .null)]), .bool(false)])),
        ])
        for pretty in [true, false] {
            #expect(try JSONValue(parsing: value.serialized(pretty: pretty)) == value)
        }
    }
}
