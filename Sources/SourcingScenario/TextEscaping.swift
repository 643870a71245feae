// Control characters in names and labels read from files: a scenario or a plan may hold them
// (`"P\u001b[31m1"`), but no text output may pass them to a terminal, where an escape sequence
// recolours, moves the cursor or retitles the window, and a line break forges a line.

/// Whether `scalar` is a control character: C0 (U+0000–U+001F), DEL (U+007F) or C1
/// (U+0080–U+009F; U+009B introduces escape sequences on some terminals).
func isControlCharacter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}

/// A string in double quotes for a message a person reads, shortened when long, with control
/// characters shown as in `printableLabel`. Not JSON: a file's text goes through
/// `JSONText.quoted`, which escapes for programs, not for eyes.
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

/// How a control character is shown: `\u{1b}`.
func controlEscape(_ scalar: Unicode.Scalar) -> String {
    "\\u{\(String(scalar.value, radix: 16))}"
}

/// Where the first control character in `text` is, for messages: "U+001B at character 2";
/// nil when there is none.
func controlCharacterPlace(in text: String) -> String? {
    for (offset, scalar) in text.unicodeScalars.enumerated() where isControlCharacter(scalar) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + " at character \(offset + 1)"
    }
    return nil
}

/// A name or label from a file, fit for one line of text: every control character, line breaks
/// and tabs included, shown as an escape such as `\u{1b}`.
public func printableLabel(_ text: String) -> String {
    escapingControls(text, keepingLineBreaks: false)
}

/// A whole text output fit for a terminal: every control character other than the line feed
/// and the tab shown as an escape such as `\u{1b}`, so the text keeps its lines and columns.
public func terminalSafe(_ text: String) -> String {
    escapingControls(text, keepingLineBreaks: true)
}

private func escapingControls(_ text: String, keepingLineBreaks: Bool) -> String {
    func kept(_ scalar: Unicode.Scalar) -> Bool {
        !isControlCharacter(scalar) || (keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
    }
    guard !text.unicodeScalars.allSatisfy(kept) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
        if kept(scalar) { out.unicodeScalars.append(scalar) } else { out += controlEscape(scalar) }
    }
    return out
}
