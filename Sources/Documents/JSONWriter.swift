// The one JSON writer and the one JSON string escaper.
//
// The bytes are deterministic: members in the tree's order, numbers by `DocumentNumber.jsonText`,
// two spaces of indent per level, arrays of scalars on one line (per-period series read best
// that way), so the same plan or scenario always gives the same bytes.

/// JSON string literals.
public enum JSONText {
    /// `text` as a JSON string literal in double quotes. Besides `"` and `\`, escapes what some
    /// reader of the text would take for something else: every control character (C0, DEL, C1:
    /// a terminal obeys them, YAML refuses them), U+2028 and U+2029 (line breaks to JavaScript
    /// and YAML 1.1), U+FEFF (a byte-order mark to YAML readers), and `<`, so that the text can
    /// sit inside an HTML `<script>` element. The result is also a valid YAML double-quoted
    /// scalar.
    public static func quoted(_ text: String) -> String {
        var out = ""
        appendQuoted(text, to: &out)
        return out
    }

    /// Appends `quoted(text)` to `out`.
    public static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where needsEscape(scalar):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0x3C: true
        default: false
        }
    }
}

extension DocumentValue {
    /// The value as JSON text. Pretty: indented by two spaces per level, arrays of scalars on
    /// one line, a final newline. Otherwise: no whitespace at all.
    @inlinable public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: 0, pretty: pretty)
        if pretty { out += "\n" }
        return out
    }

    // Inlinable, like `serialized`, so that each module's calls are specialised to its number type.
    @inlinable func write(to out: inout String, indent: Int, pretty: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += value.jsonText
        case .string(let value): JSONText.appendQuoted(value, to: &out)
        case .array(let values):
            if values.isEmpty {
                out += "[]"
                return
            }
            let flat = !pretty || values.allSatisfy(\.isScalar)
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += flat && pretty ? ", " : "," }
                if !flat { Self.newline(&out, indent + 1) }
                value.write(to: &out, indent: indent + 1, pretty: pretty)
            }
            if !flat { Self.newline(&out, indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                if pretty { Self.newline(&out, indent + 1) }
                JSONText.appendQuoted(key, to: &out)
                out += pretty ? ": " : ":"
                value.write(to: &out, indent: indent + 1, pretty: pretty)
            }
            if pretty { Self.newline(&out, indent) }
            out += "}"
        }
    }

    @inlinable static func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }
}
