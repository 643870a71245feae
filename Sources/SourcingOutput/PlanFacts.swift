import Foundation
import SourcingModel

// Facts a reader needs that the plan implies without stating them as keys: the home country,
// whether discounting changed any money figure, the milestones of an onshoring line in date
// order, the capacity a line really had. The summary and the report both read them from here.

extension Plan {
    /// The home country, which the plan does not name: the country of an onshoring line, else,
    /// for the first item with domestic content, the country delivering most among those whose
    /// deliveries never exceed the domestic content (home units count whole; co-produced allied
    /// units count in part). nil when nothing domestic is delivered.
    var homeCountry: String? {
        for line in onshoring {
            if let source = sources.first(where: { $0.id == line.source }) { return source.country }
        }
        for item in items where item.domestic.contains(where: { $0 > 1e-9 }) {
            let candidates = item.byCountry.filter { entry in
                entry.values.contains { $0 > 1e-9 }
                    && zip(entry.values, item.domestic).allSatisfy { $0 <= $1 + 1e-6 * max(1, abs($1)) }
            }
            if let best = candidates.max(by: { $0.values.reduce(0, +) < $1.values.reduce(0, +) }) { return best.id }
        }
        return nil
    }

    /// Whether the discounted costs differ from the undiscounted spending (a discount rate above
    /// 0 with money spent after the first period). False for plans without a spending line.
    var isDiscounted: Bool {
        guard spending.count == periods.count, !spending.isEmpty else { return false }
        let spent = spending.reduce(0, +)
        let counted = costs.procurement + costs.fixed + costs.investment + costs.reserve
        return abs(spent - counted) > 1e-6 * max(1, abs(spent))
    }

    /// " USD millions" (with a leading space), or "" when the plan names no currency.
    var moneySuffix: String { currency.map { " \($0)" } ?? "" }

    /// "(USD millions, discounted)" and the like: what the money figures of a cost table are.
    var costCaption: String {
        let parts = [currency, isDiscounted ? "discounted" : nil].compactMap { $0 }
        return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }

    /// An onshoring line's utilisation of the capacity it really had (its ramp-up counted from
    /// the period it may first work, none before), or the source's own utilisation of the
    /// scenario's capacity for other lines and plans written before that key existed.
    func utilisationInForce(of source: SourcePlan) -> [Double?] {
        if let line = onshoring.first(where: { $0.source == source.id }), line.utilization.count == periods.count {
            return line.utilization
        }
        return source.utilization
    }

    /// The first period in which a line delivers, if it ever does.
    func firstDelivery(of source: String) -> String? {
        guard let plan = sources.first(where: { $0.id == source }),
            let t = plan.deliveries.firstIndex(where: { $0 > 1e-9 })
        else { return nil }
        return periods[t]
    }

    /// An onshoring line's milestones in date order (ties in the order the line goes through
    /// them: invested, transfer, ready, first production, first delivery).
    func milestones(of line: OnshoringTimeline) -> [(what: String, period: String)] {
        let steps: [(String, String?)] = [
            ("facility invested", line.facilityInvestment), ("transfer complete", line.transferComplete),
            ("ready", line.facilityReady), ("first production", line.firstProduction),
            ("first delivery", firstDelivery(of: line.source)),
        ]
        let dated = steps.enumerated().compactMap { k, step in
            step.1.flatMap { period in periods.firstIndex(of: period).map { (k, step.0, period, $0) } }
        }
        return dated.sorted { ($0.3, $0.0) < ($1.3, $1.0) }.map { ($0.1, $0.2) }
    }
}

/// A share as a whole percentage for tight cells ("85%", "<1%").
func formatPercent(_ share: Double) -> String {
    if share > 0 && share < 0.005 { return "<1%" }
    return "\(Int((share * 100).rounded()))%"
}

/// Money for tables: thousands separators, one decimal only where the figure needs it
/// ("1,130", "419.6").
func formatMoneyCell(_ value: Double) -> String {
    let text = formatMoney(value)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

/// The text with its first letter in capitals ("Hulls").
func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

/// A quantity as a planner reads it in the summary: thousands separators and at most one
/// decimal from 1 up ("7,200", "1,466.7", "320.2"), two significant digits below ("0.33",
/// "0.025"). The plan JSON keeps the exact figure.
func formatAmount(_ value: Double) -> String {
    let magnitude = abs(value)
    let tenths = (magnitude * 10).rounded()
    if tenths >= 10 {
        guard tenths < 1e16 else { return formatQuantity(value) }
        let fraction = Int64(tenths) % 10
        let text = formatMoney(value)  // grouped, one decimal
        return fraction == 0 ? String(text.dropLast(2)) : text
    }
    guard magnitude > 0 else { return "0" }
    let decimals = max(1, 1 - Int(log10(magnitude).rounded(.down)))
    var text = String(format: "%.\(decimals)f", magnitude)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return (value < 0 && text != "0" ? "-" : "") + text
}

/// An amount with its unit as the summary writes it: "1 hull", "7,200 t", "2.5 units".
func formatAmount(_ value: Double, _ unit: String?) -> String {
    let text = formatAmount(value)
    return text + " " + unitWord(unit, plural: text != "1")
}

/// A count with its noun, singular for one: "1 source", "3 countries".
func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(count) \(count == 1 ? singular : plural)"
}
