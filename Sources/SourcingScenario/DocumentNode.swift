// The parsed document before validation: what JSON, YAML and workbook files have in common.
//
// Codable stops at the first error and cannot see unknown or duplicate keys, so every reader
// produces the Documents module's ordered tree instead (duplicates kept, numbers with their
// text as written), and one validating walker (ScenarioValidator) turns it into a `Scenario` or
// the full list of problems.

import Documents

/// A value in a parsed scenario document.
typealias DocumentNode = DocumentValue<NumberLiteral>

/// A reason a file could not be parsed at all: one sentence for the file as a whole.
struct DocumentReadFailure: Error {
    var message: String
}

extension DocumentValue where Number == NumberLiteral {
    /// How the value reads in a sentence such as "expected a number, got …".
    var phrase: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let number): "the number \(number.text)"
        case .string(let text): "the string \(quoted(text))"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
