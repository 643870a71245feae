// The parsed document before validation: what JSON and YAML files have in common.
//
// Codable stops at the first error and cannot see unknown or duplicate keys, so both readers
// produce this small tree instead, and one validating walker (ScenarioValidator) turns it into
// a `Scenario` or the full list of problems.

/// A value in a parsed scenario document.
enum DocumentNode {
    case null
    case bool(Bool)
    /// A number and its text as written (for messages: `got 1e300`, not `got 1e+300`).
    case number(Double, text: String)
    case string(String)
    case array([DocumentNode])
    /// Keys in the order written; duplicates are kept so that the walker can report them.
    case object([(key: String, value: DocumentNode)])

    /// How the value reads in a sentence such as "expected a number, got …".
    var phrase: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(_, let text): "the number \(text)"
        case .string(let text): "the string \(quoted(text))"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A string in double quotes for messages, shortened when long and with control characters escaped.
func quoted(_ text: String) -> String {
    var shown = text
    if shown.count > 60 { shown = String(shown.prefix(57)) + "..." }
    var result = "\""
    for scalar in shown.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        default:
            if isControlCharacter(scalar) {
                result += controlEscape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
