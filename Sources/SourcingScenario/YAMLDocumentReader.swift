// YAML into `DocumentNode`, read with the YAML 1.2 core schema as the format requires.
//
// Yams composes the node graph (libyaml underneath, which enforces syntax and reports
// duplicate keys); we resolve plain scalars ourselves, because Yams' default resolver is
// YAML 1.1 (`NO` would be false). Yams composes recursively, so a byte pre-scan refuses
// pathologically deep nesting before Yams sees the text.

import Documents
import Yams

enum YAMLDocumentReader {
    /// Parses `text` (BOM already removed) as exactly one YAML document.
    static func read(_ bytes: [UInt8], text: String, maxDepth: Int) throws(DocumentReadFailure) -> DocumentNode {
        if let message = preScan(bytes, maxDepth: maxDepth) {
            throw DocumentReadFailure(message: message)
        }
        let root: Yams.Node
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default)
            guard let first = try parser.nextRoot() else {
                throw DocumentReadFailure(message: "the file is empty; expected a YAML mapping")
            }
            if try parser.nextRoot() != nil {
                throw DocumentReadFailure(
                    message: "the file holds more than one YAML document (a second \"---\"); "
                        + "a scenario file holds exactly one")
            }
            root = first
        } catch let failure as DocumentReadFailure {
            throw failure
        } catch let error as YamlError {
            throw DocumentReadFailure(message: describe(error))
        } catch {
            throw DocumentReadFailure(message: "invalid YAML: \(error)")
        }
        // Aliases share nodes, so a small file can stand for an enormous tree ("billion laughs").
        var budget = 16 * bytes.count + 10_000
        return try convert(root, budget: &budget)
    }

    // MARK: Conversion

    private static func convert(_ node: Yams.Node, budget: inout Int) throws(DocumentReadFailure) -> DocumentNode {
        budget -= 1
        if budget < 0 {
            throw DocumentReadFailure(
                message: "the document expands to far more values than its size suggests "
                    + "(YAML aliases repeating large parts); write the values out instead")
        }
        switch node {
        case .scalar(let scalar):
            return try convert(scalar)
        case .sequence(let sequence):
            try checkCollectionTag(sequence.tag.description, expected: Tag.Name.seq.rawValue, mark: sequence.mark)
            var elements: [DocumentNode] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence {
                elements.append(try convert(element, budget: &budget))
            }
            return .array(elements)
        case .mapping(let mapping):
            try checkCollectionTag(mapping.tag.description, expected: Tag.Name.map.rawValue, mark: mapping.mark)
            var pairs: [(String, DocumentNode)] = []
            pairs.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw DocumentReadFailure(
                        message: "invalid YAML key\(at(key.mark)): keys must be plain names, not arrays or mappings")
                }
                pairs.append((keyScalar.string, try convert(value, budget: &budget)))
            }
            return .object(pairs)
        case .alias:
            throw DocumentReadFailure(message: "invalid YAML: an alias could not be resolved")
        }
    }

    private static func checkCollectionTag(_ tag: String, expected: String, mark: Mark?) throws(DocumentReadFailure) {
        guard tag.isEmpty || tag == "!" || tag == expected else {
            throw DocumentReadFailure(message: "unsupported YAML tag \(quoted(tag))\(at(mark)); remove the tag")
        }
    }

    private static func convert(_ scalar: Yams.Node.Scalar) throws(DocumentReadFailure) -> DocumentNode {
        let tag = scalar.tag.description
        switch tag {
        case "":
            return scalar.style == .plain ? resolvePlain(scalar.string) : .string(scalar.string)
        case "!", Tag.Name.str.rawValue:
            return .string(scalar.string)
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue, Tag.Name.bool.rawValue, Tag.Name.null.rawValue:
            let resolved = resolvePlain(scalar.string)
            let matches: Bool
            switch resolved {
            case .number: matches = tag == Tag.Name.int.rawValue || tag == Tag.Name.float.rawValue
            case .bool: matches = tag == Tag.Name.bool.rawValue
            case .null: matches = tag == Tag.Name.null.rawValue
            default: matches = false
            }
            guard matches else {
                throw DocumentReadFailure(
                    message:
                        "YAML value \(quoted(scalar.string))\(at(scalar.mark)) does not match its tag \(quoted(tag))")
            }
            return resolved
        default:
            throw DocumentReadFailure(message: "unsupported YAML tag \(quoted(tag))\(at(scalar.mark)); remove the tag")
        }
    }

    private static func at(_ mark: Mark?) -> String {
        mark.map { " at line \($0.line), column \($0.column)" } ?? ""
    }

    /// A plain scalar by the YAML 1.2 core schema: null, bool, int (decimal, 0o octal, 0x hex),
    /// float (including .inf and .nan); anything else is a string.
    static func resolvePlain(_ text: String) -> DocumentNode {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
            return .number(NumberLiteral(value: .infinity, text: text))
        case "-.inf", "-.Inf", "-.INF": return .number(NumberLiteral(value: -.infinity, text: text))
        case ".nan", ".NaN", ".NAN": return .number(NumberLiteral(value: .nan, text: text))
        default: break
        }
        let utf8 = Array(text.utf8)
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "o") || utf8[1] == UInt8(ascii: "x") {
            let radix = utf8[1] == UInt8(ascii: "o") ? 8 : 16
            let digits = text.dropFirst(2)
            if digits.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }) {
                var value = 0.0
                for digit in digits { value = value * Double(radix) + Double(digit.hexDigitValue!) }
                return .number(NumberLiteral(value: value, text: text))
            }
            return .string(text)
        }
        if isCoreFloat(utf8) {
            // Swift's Double(String) wants a digit before and after the point.
            var normalized = text
            if let point = normalized.firstIndex(of: ".") {
                let after = normalized.index(after: point)
                if after == normalized.endIndex || !normalized[after].isNumber { normalized.insert("0", at: after) }
                if point == normalized.startIndex || !normalized[normalized.index(before: point)].isNumber {
                    normalized.insert("0", at: point)
                }
            }
            let value = Double(normalized) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
            return .number(NumberLiteral(value: value, text: text))
        }
        return .string(text)
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` — which includes the
    /// core schema's decimal integers.
    private static func isCoreFloat(_ utf8: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < utf8.count, utf8[index] >= UInt8(ascii: "0"), utf8[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if index < utf8.count, utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-") { index += 1 }
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < utf8.count, utf8[index] == UInt8(ascii: "e") || utf8[index] == UInt8(ascii: "E") {
            index += 1
            if index < utf8.count, utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == utf8.count
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            var message = "invalid YAML at line \(mark.line), column \(mark.column): \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return message
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map(quoted).joined(separator: ", ")
            return
                "duplicate key \(names) (first at line \(context.mark.line)); each key may appear only once in a mapping"
        case let .reader(problem, offset, _, _):
            return "invalid YAML\(offset.map { " at byte \($0)" } ?? ""): \(problem)"
        default:
            return "invalid YAML: \(error)"
        }
    }

    // MARK: Nesting pre-scan

    /// Why the text must not be handed to Yams, or nil: nesting deeper than `maxDepth`
    /// (Yams composes recursively), or keys that are not plain names (Yams hashes every key
    /// to find duplicates, and an alias key can stand for a tree of billions of nodes).
    ///
    /// The depth is a conservative estimate (it may overcount, never undercount by much): the
    /// number of open block indentation levels, plus the block indicators (`- `, `? `, `: `)
    /// on the line, plus open flow brackets outside quotes and comments. Block scalar (`|`,
    /// `>`) contents are skipped.
    static func preScan(_ bytes: [UInt8], maxDepth: Int) -> String? {
        var indents: [Int] = []
        var flow = 0
        var quote: UInt8? = nil
        var blockScalarParent: Int? = nil
        var lineNumber = 0
        var lineStart = 0
        let space = UInt8(ascii: " ")
        let tab = UInt8(ascii: "\t")
        while lineStart <= bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            var indent = 0
            while lineStart + indent < contentEnd, bytes[lineStart + indent] == space { indent += 1 }
            let first = lineStart + indent
            let blank =
                first >= contentEnd
                || bytes[first] == tab && bytes[first..<contentEnd].allSatisfy { $0 == tab || $0 == space }
            if let parent = blockScalarParent {
                if blank || indent > parent { continue }
                blockScalarParent = nil
            }
            if quote == nil && flow == 0 {
                if blank || bytes[first] == UInt8(ascii: "#") { continue }
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last.map({ $0 < indent }) ?? true { indents.append(indent) }
            }
            var local = 0
            var maxFlow = flow
            var lastSignificant: UInt8? = nil
            var index = first
            scan: while index < contentEnd {
                let byte = bytes[index]
                let previous: UInt8? = index > lineStart ? bytes[index - 1] : nil
                let next: UInt8? = index + 1 < contentEnd ? bytes[index + 1] : nil
                if let open = quote {
                    if open == UInt8(ascii: "'") {
                        if byte == open {
                            if next == open { index += 1 } else { quote = nil }
                        }
                    } else if byte == UInt8(ascii: "\\") {
                        index += 1
                    } else if byte == open {
                        quote = nil
                    }
                    index += 1
                    continue
                }
                let afterSeparator =
                    previous == nil || previous == space || previous == tab
                    || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",")
                    || previous == UInt8(ascii: ":") || previous == UInt8(ascii: "-") || previous == UInt8(ascii: "?")
                switch byte {
                case UInt8(ascii: "#") where previous == nil || previous == space || previous == tab:
                    break scan
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if afterSeparator { quote = byte }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flow += 1
                    maxFlow = max(maxFlow, flow)
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flow = max(0, flow - 1)
                    var end = index + 1
                    while end < contentEnd, bytes[end] == space || bytes[end] == tab { end += 1 }
                    if end < contentEnd, bytes[end] == UInt8(ascii: ":"),
                        end + 1 == contentEnd
                            || [space, tab, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(
                                bytes[end + 1])
                    {
                        return "an array or mapping cannot be a key (at line \(lineNumber)); keys are plain field names"
                    }
                case UInt8(ascii: "?") where next == nil || next == space || next == tab:
                    if [nil, UInt8(ascii: "-"), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ",")].contains(
                        lastSignificant)
                    {
                        return
                            "explicit YAML keys (\"? \", at line \(lineNumber)) are not supported; keys are plain field names"
                    }
                case UInt8(ascii: "*") where afterSeparator:
                    var end = index + 1
                    while end < contentEnd, isAnchorCharacter(bytes[end]) { end += 1 }
                    while end < contentEnd, bytes[end] == space || bytes[end] == tab { end += 1 }
                    if end > index + 1, end < contentEnd, bytes[end] == UInt8(ascii: ":") {
                        return "an alias (\"*\") cannot be a key (at line \(lineNumber)); keys are plain field names"
                    }
                default:
                    break
                }
                if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ":"))
                    && flow == 0 && (next == nil || next == space || next == tab)
                {
                    local += 1
                }
                if byte != space && byte != tab { lastSignificant = byte }
                index += 1
            }
            if indents.count + local + maxFlow > maxDepth {
                return "the document is nested more than \(maxDepth) levels deep (at line \(lineNumber)); "
                    + "a scenario needs only a few levels"
            }
            // A block scalar header (`key: |`, `- >-`) at the end of the line: skip its contents.
            if quote == nil, flow == 0 {
                var end = index
                while end > first, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
                var header = end
                while header > first,
                    [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[header - 1])
                        || (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[header - 1])
                { header -= 1 }
                if header > first, bytes[header - 1] == UInt8(ascii: "|") || bytes[header - 1] == UInt8(ascii: ">"),
                    header - 1 == first || bytes[header - 2] == space
                {
                    blockScalarParent = indent
                }
            }
        }
        return nil
    }

    /// The characters libyaml allows in anchor and alias names.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
}
