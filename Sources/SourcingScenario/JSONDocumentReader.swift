// A small, strict JSON parser (RFC 8259) into `DocumentNode`.
//
// Written by hand rather than with Foundation's JSONSerialization because we need what it does
// not give: every duplicate key kept (so that the walker reports them with their path), the
// numbers' text as written, and a nesting limit that stops a file of 100,000 `[` before the
// recursion gets deep.

/// A reason a file could not be parsed at all: one sentence for the file as a whole.
struct DocumentReadFailure: Error {
    var message: String
}

struct JSONDocumentReader {
    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0
    private var depth = 0

    /// Parses `bytes` (valid UTF-8, byte-order mark already removed) as one JSON document.
    static func read(_ bytes: [UInt8], maxDepth: Int) throws(DocumentReadFailure) -> DocumentNode {
        var reader = JSONDocumentReader(bytes: bytes, maxDepth: maxDepth)
        reader.skipWhitespace()
        if reader.index == bytes.count {
            throw DocumentReadFailure(message: "the file is empty; expected a JSON object")
        }
        let root = try reader.value()
        reader.skipWhitespace()
        if reader.index < bytes.count {
            throw reader.failure("unexpected text after the end of the JSON document")
        }
        return root
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    // MARK: Values

    private mutating func value() throws(DocumentReadFailure) -> DocumentNode {
        guard index < bytes.count else { throw failure("the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            throw failure("expected a value (an object, array, string, number, true, false or null)")
        }
    }

    private mutating func enter() throws(DocumentReadFailure) {
        depth += 1
        if depth > maxDepth {
            throw failure(
                "the document is nested more than \(maxDepth) levels deep; a scenario needs only a few levels")
        }
    }

    private mutating func object() throws(DocumentReadFailure) -> DocumentNode {
        try enter()
        index += 1  // {
        var pairs: [(key: String, value: DocumentNode)] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(pairs)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw failure("expected a field name in double quotes")
            }
            let key = try string()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected \":\" after the field name") }
            index += 1
            skipWhitespace()
            let member = try value()
            pairs.append((key, member))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(pairs)
            default:
                throw failure("expected \",\" or \"}\" after a field's value")
            }
        }
    }

    private mutating func array() throws(DocumentReadFailure) -> DocumentNode {
        try enter()
        index += 1  // [
        var elements: [DocumentNode] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw failure("expected \",\" or \"]\" after an array element")
            }
        }
    }

    private mutating func literal(_ word: String) throws(DocumentReadFailure) {
        let expected = Array(word.utf8)
        let count = expected.count
        guard index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected) else {
            throw failure("expected a value (an object, array, string, number, true, false or null)")
        }
        index += count
    }

    private mutating func number() throws(DocumentReadFailure) -> DocumentNode {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), isDigit(first) else {
            throw failure("expected a digit in the number")
        }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = peek(), isDigit(next) {
                throw failure("numbers may not have leading zeros")
            }
        } else {
            while let next = peek(), isDigit(next) { index += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let next = peek(), isDigit(next) else { throw failure("expected a digit after the decimal point") }
            while let next = peek(), isDigit(next) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let next = peek(), isDigit(next) else { throw failure("expected a digit in the exponent") }
            while let next = peek(), isDigit(next) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Double(text) gives ±infinity for out-of-range text; the walker reports it as too large.
        let number = Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
        return .number(number, text: text)
    }

    private mutating func string() throws(DocumentReadFailure) -> String {
        index += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("a string is not closed (missing \")") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("a string is not closed (missing \")") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): utf8.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): utf8.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalarValue = try hexQuad()
                    if (0xD800...0xDBFF).contains(scalarValue) {
                        guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
                            throw failure("a \\u escape holds half of a surrogate pair without the other half")
                        }
                        index += 2
                        let low = try hexQuad()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw failure("a \\u escape holds half of a surrogate pair without the other half")
                        }
                        scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalarValue) {
                        throw failure("a \\u escape holds half of a surrogate pair without the other half")
                    }
                    utf8.append(contentsOf: Array(String(Character(Unicode.Scalar(scalarValue)!)).utf8))
                default:
                    index -= 1
                    throw failure("unknown escape sequence in a string")
                }
            case 0x00..<0x20:
                throw failure("control characters must be escaped in strings (a line break inside a string?)")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    private mutating func hexQuad() throws(DocumentReadFailure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("expected four hex digits after \\u") }
        var result: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("expected four hex digits after \\u")
            }
            result = result * 16 + digit
            index += 1
        }
        return result
    }

    // MARK: Helpers

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// "invalid JSON at line L, column C: …", counting columns in characters (Unicode scalars).
    private func failure(_ message: String) -> DocumentReadFailure {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return DocumentReadFailure(message: "invalid JSON at line \(line), column \(column): \(message)")
    }
}
