// The one strict JSON reader (RFC 8259) into `DocumentValue`.
//
// Written by hand rather than with Foundation's JSONSerialization because we need what it does
// not give: members in the order written, every duplicate key kept where the caller wants to
// report it with its path, numbers' text as written, a nesting limit that stops a text of
// 100,000 `[` before the recursion gets deep, and errors with a line and a column.

/// Why a JSON text could not be read: what was expected and where (line and column, 1-based;
/// columns count characters, that is Unicode scalars).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, for callers that word some of them their own way.
    public enum Kind: Sendable, Equatable {
        /// The text holds nothing but whitespace.
        case empty
        /// Arrays and objects nested deeper than the limit.
        case tooDeep
        /// Anything else: bad syntax, a duplicate key, a number out of range.
        case syntax
    }

    public var message: String
    public var line: Int
    public var column: Int
    public var kind: Kind
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// What a reader does with a key written twice in one object.
public enum DuplicateKeys: Sendable {
    /// The text is refused (a plan never repeats a key).
    case reject
    /// Both members are kept, in order, for a validator to report with their path.
    case keep
}

extension DocumentValue where Number == Double {
    /// Parses a JSON text (a leading byte-order mark is skipped). Duplicate keys are an error
    /// unless `duplicateKeys` is `.keep`; a number beyond `Double`'s range is an error.
    public init(parsing text: String, maxDepth: Int = 128, duplicateKeys: DuplicateKeys = .reject)
        throws(JSONParseError)
    {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self = try JSONReader<Double>.read(bytes, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
    }
}

extension DocumentValue where Number == NumberLiteral {
    /// Parses `bytes` (valid UTF-8, byte-order mark already removed) as one JSON document,
    /// keeping each number's text. Duplicate keys are kept unless `duplicateKeys` is `.reject`.
    public init(parsingJSON bytes: [UInt8], maxDepth: Int, duplicateKeys: DuplicateKeys = .keep) throws(JSONParseError)
    {
        self = try JSONReader<NumberLiteral>.read(bytes, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
    }
}

struct JSONReader<Number: DocumentNumber> {
    private let bytes: [UInt8]
    private let maxDepth: Int
    private let duplicateKeys: DuplicateKeys
    private var index = 0
    private var depth = 0

    static func read(_ bytes: [UInt8], maxDepth: Int, duplicateKeys: DuplicateKeys) throws(JSONParseError)
        -> DocumentValue<Number>
    {
        var reader = JSONReader(bytes: bytes, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
        reader.skipWhitespace()
        if reader.index == bytes.count {
            throw reader.failure("the text is empty; expected a JSON value", kind: .empty)
        }
        let root = try reader.value()
        reader.skipWhitespace()
        if reader.index < bytes.count {
            throw reader.failure("unexpected text after the end of the JSON document")
        }
        return root
    }

    private init(bytes: [UInt8], maxDepth: Int, duplicateKeys: DuplicateKeys) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.duplicateKeys = duplicateKeys
    }

    // MARK: Values

    private mutating func value() throws(JSONParseError) -> DocumentValue<Number> {
        guard index < bytes.count else { throw failure("the document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            throw failure("expected a value (an object, array, string, number, true, false or null)")
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth {
            throw failure("the document is nested more than \(maxDepth) levels deep", kind: .tooDeep)
        }
    }

    private mutating func object() throws(JSONParseError) -> DocumentValue<Number> {
        try enter()
        index += 1  // {
        var members: [(String, DocumentValue<Number>)] = []
        var seen = Set<String>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw failure("expected a field name in double quotes")
            }
            let key = try string()
            if duplicateKeys == .reject, !seen.insert(key).inserted {
                throw failure("duplicate key \(JSONText.quoted(key)); each key may appear only once in an object")
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected \":\" after the field name") }
            index += 1
            skipWhitespace()
            let member = try value()
            members.append((key, member))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            default:
                throw failure("expected \",\" or \"}\" after a field's value")
            }
        }
    }

    private mutating func array() throws(JSONParseError) -> DocumentValue<Number> {
        try enter()
        index += 1  // [
        var elements: [DocumentValue<Number>] = []
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

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else {
            throw failure("expected a value (an object, array, string, number, true, false or null)")
        }
        index += count
    }

    private mutating func number() throws(JSONParseError) -> Number {
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
        guard let number = Number(jsonText: text) else { throw failure("the number \(text) is out of range") }
        return number
    }

    private mutating func string() throws(JSONParseError) -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        // Runs of plain bytes are decoded at once, at an escape or the closing quote.
        var runStart = index
        func flush(_ end: Int, _ bytes: [UInt8], into scalars: inout String.UnicodeScalarView) {
            if end > runStart {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard index < bytes.count else { throw failure("a string is not closed (missing \")") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                flush(index, bytes, into: &scalars)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush(index, bytes, into: &scalars)
                index += 1
                guard index < bytes.count else { throw failure("a string is not closed (missing \")") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
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
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else {  // a lone low surrogate
                        throw failure("a \\u escape holds half of a surrogate pair without the other half")
                    }
                    scalars.append(scalar)
                default:
                    index -= 1
                    throw failure("unknown escape sequence in a string")
                }
                runStart = index
            case 0x00..<0x20:
                throw failure("control characters must be escaped in strings (a line break inside a string?)")
            default:
                index += 1
            }
        }
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt32 {
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

    /// The failure at the current position, counting columns in characters (Unicode scalars).
    private func failure(_ message: String, kind: JSONParseError.Kind = .syntax) -> JSONParseError {
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
        return JSONParseError(message: message, line: line, column: column, kind: kind)
    }
}
