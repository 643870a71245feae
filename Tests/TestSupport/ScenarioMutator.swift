// A small seeded mutator of scenario documents, for property tests: parse a valid scenario
// (JSON) into the Documents module's ordered tree, apply random damage (delete or duplicate a
// field, swap a type, extreme numbers, huge arrays, unicode ids, empty periods, deep nesting),
// and print the result as JSON and as block YAML. The same seed always gives the same mutant.
//
// In TestSupport, so SourcingScenarioTests and SourcingCLITests mutate the same way.

import Documents
import SourcingScenario

/// A scenario document that keeps key order, duplicate keys and the exact text of numbers.
public typealias DocumentTree = DocumentValue<NumberLiteral>

extension DocumentValue where Number == NumberLiteral {
    /// The tree of a JSON text (our own fixtures), nil when it is not JSON.
    public static func parse(json text: String) -> DocumentTree? {
        try? DocumentTree(parsingJSON: Array(text.utf8), maxDepth: 1_000)
    }

    /// Compact JSON from the one JSON writer; keys as they are, duplicates included, numbers
    /// as their text.
    public var json: String { serialized(pretty: false) }

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
                if member.1.isNonEmptyCollection {
                    lines.append(indent + JSONText.quoted(member.0) + ":")
                    appendYAML(member.1, indent: indent + "  ", to: &lines)
                } else {
                    lines.append(indent + JSONText.quoted(member.0) + ": " + member.1.json)
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
        let choice = next()
        let position = next()
        func chosen<T>(_ options: [T], _ draw: UInt64 = choice) -> T { options[Int(draw % UInt64(options.count))] }
        switch mutation {
        case .emptyPeriods:
            return replacingTopLevel("periods", in: tree) { _ in
                chosen([.array([]), .array([.string("")]), .string("FY26")])
            }
        case .hugeArray:
            return rewriteRandomNode(
                in: tree, where: { if case .array(let a) = $0 { !a.isEmpty } else { false } },
                rewrite: { node in
                    guard case .array(let elements) = node else { return node }
                    // Long arrays of numbers or labels; fewer copies of objects (each is a whole item or source).
                    let scalars = elements.allSatisfy { !$0.isNonEmptyCollection }
                    let size = scalars ? chosen([1_000, 10_000, 30_000]) : chosen([100, 1_000])
                    return .array((0..<size).map { elements[$0 % elements.count] })
                })
        case .deepNesting:
            return rewriteRandomNode(
                in: tree, where: { _ in true },
                rewrite: { node in
                    var wrapped = node
                    for _ in 0..<chosen([10, 63, 64, 65, 200]) { wrapped = .array([wrapped]) }
                    return wrapped
                })
        case .extremeNumber:
            return rewriteRandomNode(
                in: tree, where: { if case .number = $0 { true } else { false } },
                rewrite: { _ in
                    .number(NumberLiteral(chosen(Self.extremeNumbers)))
                })
        case .unicodeString:
            return rewriteRandomNode(
                in: tree, where: { if case .string = $0 { true } else { false } },
                rewrite: { _ in
                    .string(chosen(Self.strangeStrings))
                })
        case .swapType:
            return rewriteRandomNode(
                in: tree, where: { _ in true },
                rewrite: { node in
                    let options: [DocumentTree] = [
                        .string("x"), .number(NumberLiteral("1")), .bool(true), .null, .array([]), .object([]),
                        .array([.number(NumberLiteral("1")), .string("a")]), .object([("id", .string("x"))]),
                    ]
                    let replacement = chosen(options)
                    return replacement == node ? .null : replacement
                })
        case .emptyArray:
            return rewriteRandomNode(
                in: tree, where: { if case .array = $0 { true } else { false } }, rewrite: { _ in .array([]) })
        case .deleteField, .duplicateField, .renameField:
            return rewriteRandomNode(
                in: tree, where: { if case .object(let m) = $0 { !m.isEmpty } else { false } },
                rewrite: { node in
                    guard case .object(var members) = node else { return node }
                    let i = Int(choice % UInt64(members.count))
                    switch mutation {
                    case .deleteField: members.remove(at: i)
                    case .duplicateField: members.insert(members[i], at: Int(position % UInt64(members.count + 1)))
                    default:
                        members[i].0 = chosen(
                            ["", "Id", "name ", "backlogPenality", "domestic", "ïd", members[i].0 + "s"], position)
                    }
                    return .object(members)
                })
        }
    }

    private func replacingTopLevel(_ key: String, in tree: DocumentTree, _ make: (DocumentTree) -> DocumentTree)
        -> DocumentTree
    {
        guard case .object(var members) = tree, let i = members.firstIndex(where: { $0.0 == key }) else { return tree }
        members[i].1 = make(members[i].1)
        return .object(members)
    }

    /// Rewrites one node, chosen uniformly among those that satisfy `predicate`.
    private mutating func rewriteRandomNode(
        in tree: DocumentTree, where predicate: (DocumentTree) -> Bool, rewrite: (DocumentTree) -> DocumentTree
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
        case .object(let members): for member in members { visit(member.1, body) }
        case .array(let elements): for element in elements { visit(element, body) }
        default: break
        }
    }

    private static func rewrite(
        _ node: DocumentTree, predicate: (DocumentTree) -> Bool, target: inout Int,
        _ body: (DocumentTree) -> DocumentTree
    ) -> DocumentTree {
        if predicate(node) {
            if target == 0 {
                target = -1
                return body(node)
            }
            target -= 1
        }
        guard target >= 0 else { return node }
        switch node {
        case .object(let members):
            return .object(members.map { ($0.0, rewrite($0.1, predicate: predicate, target: &target, body)) })
        case .array(let elements):
            return .array(elements.map { rewrite($0, predicate: predicate, target: &target, body) })
        default:
            return node
        }
    }
}
