// The pieces the workbook-form reader builds its tree from: an ordered object builder, and
// cells read as text, numbers and comma-separated lists.

import Documents
import Spreadsheet

/// An object under construction: fields in the order first set, nested objects by path.
final class ObjectBuilder {
    private enum Entry {
        case node(DocumentNode)
        case object(ObjectBuilder)
    }
    private var pairs: [(key: String, entry: Entry)] = []

    func set(_ components: ArraySlice<String>, _ node: DocumentNode) {
        guard let first = components.first else { return }
        if components.count == 1 {
            pairs.append((first, .node(node)))
            return
        }
        if let index = pairs.firstIndex(where: { $0.key == first }), case .object(let child) = pairs[index].entry {
            child.set(components.dropFirst(), node)
        } else {
            let child = ObjectBuilder()
            child.set(components.dropFirst(), node)
            pairs.append((first, .object(child)))
        }
    }

    var node: DocumentNode {
        .object(
            pairs.map { pair in
                switch pair.entry {
                case .node(let node): (pair.key, node)
                case .object(let child): (pair.key, child.node)
                }
            })
    }
}

/// `a.b.c` → `a`, `a.b` (the enclosing objects of a nested field).
func prefixes(of path: String) -> [String] {
    let parts = path.split(separator: ".")
    return (1..<max(parts.count, 1)).map { parts[0..<$0].joined(separator: ".") }
}

/// Comma-separated parts, trimmed, empty parts left out.
func list(_ text: String) -> [String] {
    text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }.filter { !$0.isEmpty }
}

/// A cell as text: text as it is, a number as its shortest text (`inf` for a cell that read as
/// infinity), a boolean as TRUE/FALSE.
func cellText(_ value: CellValue) -> String? {
    switch value {
    case .empty: nil
    case .text(let text), .date(let text), .error(let text): text
    case .number(let number): NumberLiteral(value: number).text
    case .bool(let flag): flag ? "TRUE" : "FALSE"
    }
}

/// A number node whose text is the value's shortest form (a cell holds no text as written).
func numberNode(_ value: Double) -> DocumentNode { .number(NumberLiteral(value: value)) }

/// A number cell, or text that is a decimal number, as a number; other text as a string.
func numberOrText(_ value: CellValue) -> DocumentNode {
    switch value {
    case .number(let number): return numberNode(number)
    case .bool(let flag): return .bool(flag)
    case .text(let text):
        let trimmed = text.trimmed
        if isDecimal(trimmed), let number = Double(trimmed) {
            return .number(NumberLiteral(value: number, text: trimmed))
        }
        return .string(text)
    default: return .null
    }
}

/// `12`, `-0.5`, `.5`, `1e-4`, `+3.`: digits with an optional sign, point and exponent.
func isDecimal(_ text: String) -> Bool {
    var scalars = Substring(text).unicodeScalars[...]
    if let first = scalars.first, first == "+" || first == "-" { scalars = scalars.dropFirst() }
    var digits = 0
    while let c = scalars.first, ("0"..."9").contains(c) {
        digits += 1
        scalars = scalars.dropFirst()
    }
    if scalars.first == "." {
        scalars = scalars.dropFirst()
        while let c = scalars.first, ("0"..."9").contains(c) {
            digits += 1
            scalars = scalars.dropFirst()
        }
    }
    guard digits > 0 else { return false }
    if let e = scalars.first, e == "e" || e == "E" {
        scalars = scalars.dropFirst()
        if let sign = scalars.first, sign == "+" || sign == "-" { scalars = scalars.dropFirst() }
        var exponentDigits = 0
        while let c = scalars.first, ("0"..."9").contains(c) {
            exponentDigits += 1
            scalars = scalars.dropFirst()
        }
        guard exponentDigits > 0 else { return false }
    }
    return scalars.isEmpty
}

extension String {
    var trimmed: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" || first == "\u{A0}" {
            scalars = scalars.dropFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\u{A0}" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
