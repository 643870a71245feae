// The validator's value readers: a node read as a string, a number within its bounds, a
// per-period series, a choice, an id or a reference, each reporting what is wrong with its path.
// Kept apart from the walk over sections (ScenarioValidator.swift), which calls them field by
// field.

import Documents

/// The bounds a number must keep.
enum NumberBound {
    case any, nonNegative, positive, unitInterval
}

/// The largest magnitude the format accepts.
let largestMeaningfulNumber = 1e15
/// The smallest nonzero magnitude the format accepts: anything smaller sits below every
/// solver's tolerances, where it changes a plan only by accident.
let smallestMeaningfulNumber = 1e-9

/// Whether a number's text names a nonzero value (a digit 1–9 before any exponent), for
/// values that underflowed to 0 when read (`1e-400`).
func namesNonzero(_ text: String) -> Bool {
    let lowered = text.lowercased()
    if lowered.hasPrefix("0x") || lowered.hasPrefix("0o") || lowered.hasPrefix("-0x") || lowered.hasPrefix("+0x") {
        return false  // whole numbers: a zero one reads as 0 exactly
    }
    let mantissa = lowered.prefix { $0 != "e" }
    return mantissa.contains { ("1"..."9").contains($0) }
}

extension ScenarioValidator {
    func array(_ node: DocumentNode, _ path: String) -> [DocumentNode]? {
        guard case .array(let elements) = node else {
            report(path, "expected an array, got \(node.phrase)")
            return nil
        }
        return elements
    }

    func string(_ node: DocumentNode, _ path: String) -> String? {
        switch node {
        case .string(let text): return text
        case .number, .bool: report(path, "expected a string, got \(node.phrase); put it in quotes")
        default: report(path, "expected a string, got \(node.phrase)")
        }
        return nil
    }

    func nonEmptyString(_ node: DocumentNode, _ path: String) -> String? {
        guard let text = string(node, path) else { return nil }
        if text.isEmpty { report(path, "must not be empty") }
        return text
    }

    func stringArray(_ node: DocumentNode, _ path: String, what: String) -> [String] {
        guard let elements = array(node, path) else { return [] }
        return elements.enumerated().compactMap { index, element in
            nonEmptyString(element, "\(path)[\(index)]")
        }
    }

    func bool(_ node: DocumentNode, _ path: String) -> Bool? {
        if case .bool(let value) = node { return value }
        var message = "expected true or false, got \(node.phrase)"
        if case .string(let text) = node, ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
            message += "; only true and false are booleans (YAML 1.2)"
        }
        report(path, message)
        return nil
    }

    func number(_ node: DocumentNode, _ path: @autoclosure () -> String, _ bound: NumberBound) -> Double? {
        // The path is built only when something is wrong: most numbers are fine.
        guard case .number(let literal) = node else {
            var message = "expected a number, got \(node.phrase)"
            if case .string(let text) = node, YAMLDocumentReader.resolvePlain(text).isNumber {
                message += "; remove the quotes"
            }
            report(path(), message)
            return nil
        }
        let value = literal.value
        let text = literal.text
        if value.isNaN {
            report(path(), "NaN is not a number the format accepts; give a finite number")
            return nil
        }
        if value.isInfinite && text.lowercased().contains("inf") {
            report(path(), "infinity is not allowed; give a finite number (at most 1e15 in magnitude)")
            return nil
        }
        if !(abs(value) <= largestMeaningfulNumber) {
            report(path(), "the number \(text) is too large; numbers must be at most 1e15 in magnitude")
            return nil
        }
        if value == 0 ? namesNonzero(text) : abs(value) < smallestMeaningfulNumber {
            report(
                path(),
                "the number \(text) is too small to mean anything; nonzero numbers must be at least 1e-9 in magnitude (write 0 for none)"
            )
            return nil
        }
        let outOfBounds: String? =
            switch bound {
            case .any: nil
            case .nonNegative: value < 0 ? "must be 0 or more" : nil
            case .positive: value <= 0 ? "must be more than 0" : nil
            case .unitInterval: value < 0 || value > 1 ? "must be between 0 and 1" : nil
            }
        if let outOfBounds {
            report(path(), "\(outOfBounds), got \(text)")
            return nil
        }
        return value
    }

    /// A whole number (`2.0` reads as 2) of at least `minimum`.
    func integer(_ node: DocumentNode, _ path: String, minimum: Int) -> Int? {
        guard let value = number(node, path, .any) else { return nil }
        guard value.rounded() == value else {
            report(path, "must be a whole number, got \(node.text)")
            return nil
        }
        guard value >= Double(minimum) else {
            report(path, "must be \(minimum) or more, got \(node.text)")
            return nil
        }
        return Int(value)
    }

    /// One number for every period, or an array with exactly one number per period.
    func perPeriod(_ node: DocumentNode, _ path: String, _ bound: NumberBound) -> [Double] {
        switch node {
        case .number:
            let value = number(node, path, bound) ?? 0
            return Array(repeating: value, count: periodCount ?? 1)
        case .array(let elements):
            if let periodCount, elements.count != periodCount {
                report(
                    path,
                    "expected \(periodCount) \(periodCount == 1 ? "value" : "values"), one per period, got \(elements.count)"
                )
            }
            return elements.enumerated().map { index, element in
                number(element, "\(path)[\(index)]", bound) ?? 0
            }
        default:
            if let periodCount {
                report(
                    path, "expected a number or an array of \(periodCount) numbers (one per period), got \(node.phrase)"
                )
            } else {
                report(path, "expected a number or an array with one number per period, got \(node.phrase)")
            }
            return []
        }
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: DocumentNode, _ path: String, _ type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        if case .string(let text) = node, let value = Choice(rawValue: text) { return value }
        let expected =
            names.count == 2
            ? "\(quoted(names[0])) or \(quoted(names[1]))"
            : names.dropLast().map(quoted).joined(separator: ", ") + " or \(quoted(names.last!))"
        if case .string(let text) = node {
            var message = "expected \(expected), got \(quoted(text))"
            if let suggestion = closestName(to: text, among: names) {
                message += "; did you mean \(quoted(suggestion))?"
            }
            report(path, message)
        } else {
            report(path, "expected \(expected), got \(node.phrase)")
        }
        return nil
    }

    /// An id: a non-empty string of ASCII letters, digits, `-`, `_`, `.`, unique in its array.
    func id(_ node: DocumentNode, _ path: String, _ registry: IDRegistry) -> String? {
        guard let text = string(node, path) else { return nil }
        if text.isEmpty {
            report(path, "an id must not be empty")
            return nil
        }
        if let control = controlCharacterPlace(in: text) {
            report(
                path,
                "\(quoted(text)) holds a control character (\(control)); use only ASCII letters, digits, \"-\", \"_\" and \".\""
            )
            return nil
        }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                    || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" || scalar == ".")
        }
        if !allowed {
            report(path, "\(quoted(text)) is not a valid id; use only ASCII letters, digits, \"-\", \"_\" and \".\"")
            return nil
        }
        if let first = registry.firstPath[text] {
            report(path, "duplicate \(registry.noun) id \(quoted(text)) (also at \(first)); ids must be unique")
            return nil
        }
        registry.firstPath[text] = path.hasSuffix(".id") ? String(path.dropLast(3)) : path
        return text
    }

    /// An id that must name one of `known` (not checked when `known` is nil: that section is broken).
    func reference(_ node: DocumentNode, _ path: String, known: Set<String>?, noun: String) -> String? {
        guard case .string(let text) = node else {
            report(path, "expected \(noun == "item" ? "an" : "a") \(noun) id (a string), got \(node.phrase)")
            return nil
        }
        if let known, !known.contains(text) {
            report(path, unknownMessage(text, noun: noun, known: Array(known)))
            return nil
        }
        return text
    }

    func unknownMessage(_ text: String, noun: String, known: [String]) -> String {
        var message = "unknown \(noun) \(quoted(text))"
        let sorted = known.sorted()
        if let suggestion = closestName(to: text, among: sorted),
            editDistance(text.lowercased(), suggestion.lowercased()) <= max(1, text.count / 3)
        {
            message += "; did you mean \(quoted(suggestion))?"
        }
        return message
    }

    /// The 0-based index of a named period (a label, or a whole number read as its decimal text).
    func periodReference(_ node: DocumentNode, _ path: String) -> Int? {
        guard let label = periodLabelText(node) else {
            report(path, "expected a period label (such as \"FY28\"), got \(node.phrase)")
            return nil
        }
        guard let periodLabels else { return nil }  // `periods` itself is broken: reported there
        guard let index = periodLabels.firstIndex(of: label) else {
            report(
                path,
                "unknown period \(quoted(label)); the periods run from \(quoted(periodLabels.first!)) to \(quoted(periodLabels.last!))"
            )
            return nil
        }
        return index
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// A period label as text: a string, or a non-negative whole number as its decimal text.
func periodLabelText(_ node: DocumentNode) -> String? {
    switch node {
    case .string(let text): return text
    case .number(let number)
    where number.value >= 0 && number.value <= largestMeaningfulNumber && number.value.rounded() == number.value:
        return String(Int64(number.value))
    default: return nil
    }
}

/// A number as short text for messages and summaries: 0.5, 2, 0.3 (not 0.30000000000000004).
func format(_ value: Double) -> String {
    if value.rounded() == value && abs(value) <= largestMeaningfulNumber { return String(Int64(value)) }
    let rounded = (value * 1e6).rounded() / 1e6
    return rounded == 0 || abs(value) > largestMeaningfulNumber ? "\(value)" : "\(rounded)"
}

extension DocumentNode {
    fileprivate var isNumber: Bool {
        if case .number = self { return true } else { return false }
    }

    /// The text of a number as written, or the phrase for anything else.
    fileprivate var text: String {
        if case .number(let number) = self { return number.text } else { return phrase }
    }
}
