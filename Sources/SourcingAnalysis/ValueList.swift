// Value lists, the VALUES of a sweep's `PATH=VALUES`:
//   10,12.5,15        a list of values
//   10..20:5          5 evenly spaced values from 10 to 20, both included
//   x0.5..x2:16       16 factors of the base value from 0.5 to 2
//   x0.9,x1,x1.1      a list of factors

/// Parses a value list into the changes it stands for.
public func parseValueList(_ text: String) throws(AnalysisError) -> [ParameterChange] {
    func fail(_ why: String) -> AnalysisError { .badValues(text, why) }
    func change(_ token: Substring) throws(AnalysisError) -> ParameterChange {
        let trimmed = token.trimmingCharacters(in: " ")
        let isFactor = trimmed.hasPrefix("x") || trimmed.hasPrefix("*")
        let number = isFactor ? String(trimmed.dropFirst()) : String(trimmed)
        guard let value = Double(number), value.isFinite, abs(value) <= 1e15 else {
            throw fail("\"\(trimmed)\" is not a number\(isFactor ? " after x" : "")")
        }
        return isFactor ? .scale(value) : .set(value)
    }
    if let range = text.range(of: "..") {
        let low = try change(text[..<range.lowerBound])
        let afterDots = text[range.upperBound...]
        guard let colon = afterDots.lastIndex(of: ":") else { throw fail("a range needs a number of steps: A..B:N") }
        let high = try change(afterDots[..<colon])
        guard let count = Int(afterDots[afterDots.index(after: colon)...]), count >= 1, count <= 1_000_000 else {
            throw fail("the number of steps after ':' must be a whole number from 1 to 1000000")
        }
        switch (low, high) {
        case let (.set(a), .set(b)): return spaced(a, b, count).map { .set($0) }
        case let (.scale(a), .scale(b)): return spaced(a, b, count).map { .scale($0) }
        default: throw fail("both ends must be values or both factors (x...)")
        }
    }
    let tokens = text.split(separator: ",", omittingEmptySubsequences: false)
    guard !tokens.isEmpty, !text.isEmpty else {
        throw fail("no values: give a list (10,20,30), a range (10..20:5) or factors of the base value (x0.9,x1.1)")
    }
    var changes: [ParameterChange] = []
    for token in tokens { changes.append(try change(token)) }
    return changes
}

/// `count` evenly spaced values from a to b inclusive, computed without accumulated rounding.
func spaced(_ a: Double, _ b: Double, _ count: Int) -> [Double] {
    guard count > 1 else { return [a] }
    return (0..<count).map { k in k == count - 1 ? b : a + (b - a) * Double(k) / Double(count - 1) }
}

extension StringProtocol {
    func trimmingCharacters(in character: Character) -> Substring {
        var slice = Substring(self)
        while slice.first == character { slice.removeFirst() }
        while slice.last == character { slice.removeLast() }
        return slice
    }
}
