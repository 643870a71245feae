// A small seeded mutator of scenario documents, for property tests: parse a valid scenario
// (JSON) into an ordered tree, apply random damage (delete or duplicate a field, swap a type,
// extreme numbers, huge arrays, unicode ids, empty periods, deep nesting), and print the
// result as JSON and as block YAML. The same seed always gives the same mutant.
//
// In TestSupport, so SourcingScenarioTests and SourcingCLITests mutate the same way.

import SourcingScenario

/// A JSON value that keeps key order, duplicate keys and the exact text of numbers.
public indirect enum DocumentTree: Equatable, Sendable {
    case object([(key: String, value: DocumentTree)])
    case array([DocumentTree])
    case string(String)
    /// The literal text of a number, as written.
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: DocumentTree, b: DocumentTree) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    // MARK: Parsing (well-formed JSON only: it reads our own fixtures)

    public static func parse(json text: String) -> DocumentTree? {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        guard let value = parser.value() else { return nil }
        parser.skipSpace()
        return parser.index == parser.scalars.count ? value : nil
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
        }

        mutating func value() -> DocumentTree? {
            skipSpace()
            guard index < scalars.count else { return nil }
            switch scalars[index] {
            case "{":
                index += 1
                var members: [(key: String, value: DocumentTree)] = []
                skipSpace()
                if index < scalars.count, scalars[index] == "}" { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard index < scalars.count, scalars[index] == ":" else { return nil }
                    index += 1
                    guard let member = value() else { return nil }
                    members.append((key, member))
                    skipSpace()
                    guard index < scalars.count else { return nil }
                    if scalars[index] == "," { index += 1; continue }
                    if scalars[index] == "}" { index += 1; return .object(members) }
                    return nil
                }
            case "[":
                index += 1
                var elements: [DocumentTree] = []
                skipSpace()
                if index < scalars.count, scalars[index] == "]" { index += 1; return .array(elements) }
                while true {
                    guard let element = value() else { return nil }
                    elements.append(element)
                    skipSpace()
                    guard index < scalars.count else { return nil }
                    if scalars[index] == "," { index += 1; continue }
                    if scalars[index] == "]" { index += 1; return .array(elements) }
                    return nil
                }
            case "\"":
                return string().map(DocumentTree.string)
            case "t": return literal("true", .bool(true))
            case "f": return literal("false", .bool(false))
            case "n": return literal("null", .null)
            default:
                let start = index
                while index < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[index]) { index += 1 }
                return index > start ? .number(String(String.UnicodeScalarView(scalars[start..<index]))) : nil
            }
        }

        mutating func literal(_ word: String, _ value: DocumentTree) -> DocumentTree? {
            let word = Array(word.unicodeScalars)
            guard index + word.count <= scalars.count, Array(scalars[index..<index + word.count]) == word else { return nil }
            index += word.count
            return value
        }

        mutating func string() -> String? {
            guard index < scalars.count, scalars[index] == "\"" else { return nil }
            index += 1
            var result = String.UnicodeScalarView()
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if scalar == "\"" { return String(result) }
                if scalar != "\\" { result.append(scalar); continue }
                guard index < scalars.count else { return nil }
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "b": result.append("\u{8}")
                case "f": result.append("\u{C}")
                case "u":
                    guard index + 4 <= scalars.count,
                          let code = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16),
                          let decoded = Unicode.Scalar(code) else { return nil }
                    index += 4
                    result.append(decoded)
                default: result.append(escaped)
                }
            }
            return nil
        }
    }

    // MARK: Printing

    /// Compact JSON; keys are written as they are, duplicates included.
    public var json: String {
        switch self {
        case .object(let members):
            "{" + members.map { Self.quoted($0.key) + ": " + $0.value.json }.joined(separator: ", ") + "}"
        case .array(let elements): "[" + elements.map(\.json).joined(separator: ", ") + "]"
        case .string(let text): Self.quoted(text)
        case .number(let text): text
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    /// Block-style YAML: every key and string double-quoted (so no YAML 1.1 surprise), nested
    /// collections indented, empty ones in flow style.
    public var yaml: String {
        var lines: [String] = []
        Self.appendYAML(self, indent: "", to: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func appendYAML(_ node: DocumentTree, indent: String, to lines: inout [String]) {
        switch node {
        case .object(let members) where !members.isEmpty:
            for member in members {
                if member.value.isNonEmptyCollection {
                    lines.append(indent + quoted(member.key) + ":")
                    appendYAML(member.value, indent: indent + "  ", to: &lines)
                } else {
                    lines.append(indent + quoted(member.key) + ": " + member.value.json)
                }
            }
        case .array(let elements) where !elements.isEmpty:
            for element in elements {
                if element.isNonEmptyCollection {
                    // "- " then the collection's first line on the same line, the rest indented.
                    var nested: [String] = []
                    appendYAML(element, indent: indent + "  ", to: &nested)
                    lines.append(indent + "- " + nested[0].dropFirst(indent.count + 2))
                    lines.append(contentsOf: nested.dropFirst())
                } else {
                    lines.append(indent + "- " + element.json)
                }
            }
        default:
            lines.append(indent + node.json)
        }
    }

    public var isNonEmptyCollection: Bool {
        switch self {
        case .object(let members): !members.isEmpty
        case .array(let elements): !elements.isEmpty
        default: false
        }
    }

    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// One kind of damage; `ScenarioMutator` picks them at random.
public enum Mutation: String, CaseIterable, Sendable {
    case deleteField, duplicateField, swapType, extremeNumber, hugeArray, unicodeString,
         emptyPeriods, emptyArray, deepNesting, renameField
}

/// Applies random mutations to a scenario tree. Deterministic for a given seed.
public struct ScenarioMutator: Sendable {
    private var random: SplitMix64

    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { random.next() }

    public mutating func below(_ count: Int) -> Int { count <= 1 ? 0 : Int(next() % UInt64(count)) }
    public mutating func pick<T>(_ options: [T]) -> T { options[below(options.count)] }

    public static let extremeNumbers = [
        "0", "-0", "-1", "-0.0", "1e15", "1000000000000001", "-1e15", "1e16", "1e308", "-1e308", "1e309",
        "5e-324", "1.7976931348623157e308", "9007199254740993", "2.5", "0.5", "1e-300", "1.0",
        "123456789012345678901234567890", "4294967296", "2147483648", "-2147483649", "99999999999999999999",
    ]
    public static let strangeStrings = [
        "", " ", "ü", "日本", "🚢", "\u{202E}RTL", "a\u{0}b", "id\u{FEFF}", "e\u{301}", "Ω≈ç√",
        "\u{7F}", "tab\there", "line\nbreak", "\\", "\"", "*", "~", "null", "true", "NO", "1e3", "0x10",
        "FY26", "US", String(repeating: "x", count: 300), String(repeating: "é", count: 200),
    ]

    /// Applies `count` random mutations and returns the damaged tree and what was done.
    public mutating func mutate(_ tree: DocumentTree, count: Int) -> (DocumentTree, [String]) {
        var tree = tree
        var log: [String] = []
        for _ in 0..<count {
            let mutation = pick(Mutation.allCases)
            log.append(mutation.rawValue)
            tree = apply(mutation, to: tree)
        }
        return (tree, log)
    }

    public mutating func apply(_ mutation: Mutation, to tree: DocumentTree) -> DocumentTree {
        // Draw every random choice first: the rewrite closures must not touch `self`.
        let choice = next(), position = next()
        func chosen<T>(_ options: [T], _ draw: UInt64 = choice) -> T { options[Int(draw % UInt64(options.count))] }
        switch mutation {
        case .emptyPeriods:
            return replacingTopLevel("periods", in: tree) { _ in chosen([.array([]), .array([.string("")]), .string("FY26")]) }
        case .hugeArray:
            return rewriteRandomNode(in: tree, where: { if case .array(let a) = $0 { !a.isEmpty } else { false } }) { node in
                guard case .array(let elements) = node else { return node }
                // Long arrays of numbers or labels; fewer copies of objects (each is a whole item or source).
                let scalars = elements.allSatisfy { !$0.isNonEmptyCollection }
                let size = scalars ? chosen([1_000, 10_000, 30_000]) : chosen([100, 1_000])
                return .array((0..<size).map { elements[$0 % elements.count] })
            }
        case .deepNesting:
            return rewriteRandomNode(in: tree, where: { _ in true }) { node in
                var wrapped = node
                for _ in 0..<chosen([10, 63, 64, 65, 200]) { wrapped = .array([wrapped]) }
                return wrapped
            }
        case .extremeNumber:
            return rewriteRandomNode(in: tree, where: { if case .number = $0 { true } else { false } }) { _ in
                .number(chosen(Self.extremeNumbers))
            }
        case .unicodeString:
            return rewriteRandomNode(in: tree, where: { if case .string = $0 { true } else { false } }) { _ in
                .string(chosen(Self.strangeStrings))
            }
        case .swapType:
            return rewriteRandomNode(in: tree, where: { _ in true }) { node in
                let options: [DocumentTree] = [
                    .string("x"), .number("1"), .bool(true), .null, .array([]), .object([]),
                    .array([.number("1"), .string("a")]), .object([(key: "id", value: .string("x"))]),
                ]
                let replacement = chosen(options)
                return replacement == node ? .null : replacement
            }
        case .emptyArray:
            return rewriteRandomNode(in: tree, where: { if case .array = $0 { true } else { false } }) { _ in .array([]) }
        case .deleteField, .duplicateField, .renameField:
            return rewriteRandomNode(in: tree, where: { if case .object(let m) = $0 { !m.isEmpty } else { false } }) { node in
                guard case .object(var members) = node else { return node }
                let i = Int(choice % UInt64(members.count))
                switch mutation {
                case .deleteField: members.remove(at: i)
                case .duplicateField: members.insert(members[i], at: Int(position % UInt64(members.count + 1)))
                default: members[i].key = chosen(["", "Id", "name ", "backlogPenality", "domestic", "ïd", members[i].key + "s"], position)
                }
                return .object(members)
            }
        }
    }

    private func replacingTopLevel(_ key: String, in tree: DocumentTree, _ make: (DocumentTree) -> DocumentTree) -> DocumentTree {
        guard case .object(var members) = tree, let i = members.firstIndex(where: { $0.key == key }) else { return tree }
        members[i].value = make(members[i].value)
        return .object(members)
    }

    /// Rewrites one node, chosen uniformly among those that satisfy `predicate`.
    private mutating func rewriteRandomNode(
        in tree: DocumentTree, where predicate: (DocumentTree) -> Bool, _ rewrite: (DocumentTree) -> DocumentTree
    ) -> DocumentTree {
        var count = 0
        Self.visit(tree) { if predicate($0) { count += 1 } }
        guard count > 0 else { return tree }
        var target = below(count)
        return Self.rewrite(tree, predicate: predicate, target: &target, rewrite)
    }

    private static func visit(_ node: DocumentTree, _ body: (DocumentTree) -> Void) {
        body(node)
        switch node {
        case .object(let members): for member in members { visit(member.value, body) }
        case .array(let elements): for element in elements { visit(element, body) }
        default: break
        }
    }

    private static func rewrite(
        _ node: DocumentTree, predicate: (DocumentTree) -> Bool, target: inout Int, _ body: (DocumentTree) -> DocumentTree
    ) -> DocumentTree {
        if predicate(node) {
            if target == 0 { target = -1; return body(node) }
            target -= 1
        }
        guard target >= 0 else { return node }
        switch node {
        case .object(let members):
            return .object(members.map { (key: $0.key, value: rewrite($0.value, predicate: predicate, target: &target, body)) })
        case .array(let elements):
            return .array(elements.map { rewrite($0, predicate: predicate, target: &target, body) })
        default:
            return node
        }
    }
}
