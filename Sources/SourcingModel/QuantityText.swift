import Foundation

// Quantities, units and shares as a planner reads them, in diagnosis messages and every output.

/// A quantity as a planner reads it: whole numbers without decimals, others with up to 4.
public func formatQuantity(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.4f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

/// A quantity with its unit: "1 hull", "2 hulls", "7200 t", "3 units" (no unit given). A one-word
/// unit of three or more letters takes a plural ending; abbreviations ("t", "kg") and phrases
/// ("thousand modules") are written as given.
public func formatUnits(_ value: Double, _ unit: String?) -> String {
    formatQuantity(value) + " " + unitWord(unit, plural: value != 1)
}

/// The word for an item's unit ("unit" when the scenario names none), singular or plural.
public func unitWord(_ unit: String?, plural: Bool) -> String {
    guard let unit, !unit.isEmpty else { return plural ? "units" : "unit" }
    guard plural, unit.count >= 3, unit.allSatisfy({ $0.isLetter }), !unit.hasSuffix("s") else { return unit }
    if unit.hasSuffix("x") || unit.hasSuffix("ch") || unit.hasSuffix("sh") { return unit + "es" }
    if unit.hasSuffix("y"), let before = unit.dropLast().last, !"aeiou".contains(before) {
        return unit.dropLast() + "ies"
    }
    return unit + "s"
}

/// A share in 0…1 as a percentage.
public func formatShare(_ share: Double) -> String {
    formatQuantity((share * 1000).rounded() / 10) + "%"
}
