// The one ordered document tree that every reader produces and every writer consumes: JSON
// plans and analyses, JSON and YAML scenario files, the scenario workbook form.
//
// Objects are arrays of members, not dictionaries: members keep the order written (so a plan
// read back is written out in the same order, and problems are reported in document order) and
// a key written twice stays twice, at its position, for the scenario validator to report.
// The tree is generic over how a number is held: `JSONValue` (`DocumentValue<Double>`) holds
// the value, for plans built in code; `DocumentValue<NumberLiteral>` also keeps the text as
// written, so that a message can say `got 1e300`, not `got 1e+300`.

/// A value in a JSON or YAML document; objects keep their members in order, duplicates included.
public enum DocumentValue<Number: DocumentNumber>: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Number)
    case string(String)
    case array([DocumentValue])
    /// Members in the order written; a key written twice appears twice.
    case object([(String, DocumentValue)])

    public static func == (a: DocumentValue, b: DocumentValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The members of an object, nil for other values.
    @inlinable public var objectMembers: [(String, DocumentValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The value of the first member named `key` in an object (nil when absent or not an object).
    @inlinable public subscript(key: String) -> DocumentValue? {
        objectMembers?.first { $0.0 == key }?.1
    }

    /// Whether the value is neither an array nor an object.
    @inlinable public var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}

/// A JSON document built in code or read from a plan: numbers are plain `Double`s.
public typealias JSONValue = DocumentValue<Double>

/// How a document tree holds a number: what a JSON reader makes of a number's text, and the
/// text a writer puts down for it.
public protocol DocumentNumber: Sendable, Equatable {
    /// The number for `text` (which has JSON number syntax), or nil when this kind of number
    /// cannot hold it (a reader then reports the number as out of range).
    init?(jsonText text: String)
    /// The number as JSON text.
    var jsonText: String { get }
}

extension Double: DocumentNumber {
    /// The value of `text` when it is finite: a plan never holds an infinite number.
    public init?(jsonText text: String) {
        guard let value = Double(text), value.isFinite else { return nil }
        self = value
    }

    /// The shortest text that reads back to the same value (`NumberText.shortest`); `null`
    /// for infinities and NaN, which JSON cannot write.
    public var jsonText: String { isFinite ? NumberText.shortest(self) : "null" }
}

/// A number as read from a file: its value and its text as written, for messages.
public struct NumberLiteral: DocumentNumber, Hashable {
    /// The value; ±infinity when the text names a number beyond `Double`'s range.
    public var value: Double
    /// The text as written (`1e300`, `0x1F`, `.inf`).
    public var text: String

    public init(value: Double, text: String) {
        self.value = value
        self.text = text
    }

    /// A decimal text, its value read by `Double(_:)` (±infinity when out of range).
    public init(_ text: String) {
        self.init(value: Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity), text: text)
    }

    /// `value` with its shortest text (`NumberText.shortest`); `inf`, `-inf` or `nan` for the
    /// values no decimal text reads back to (a spreadsheet cell can hold `1e400`).
    public init(value: Double) {
        self.init(value: value, text: value.isFinite ? NumberText.shortest(value) : "\(value)")
    }

    public init?(jsonText text: String) { self.init(text) }

    /// The text as written: a tree read from a file is written back as it was.
    public var jsonText: String { text }
}
