import SourcingModel

// The readable summary `sourcing solve` prints: per item the domestic/allied split by period,
// the onshoring timeline, the cost breakdown and the excluded sources.

extension Plan {
    /// A one-screen summary for planners. `currency` labels money amounts.
    public func summary(currency: String? = nil) -> String {
        var out: [String] = []
        let money = currency.map { " \($0)" } ?? ""
        var headline = "\(scenario.name): \(status.rawValue)"
        if let objective { headline += ", total cost \(formatMoney(objective))\(money)" }
        if let mipGap, status.hasPlan { headline += " (MIP gap \(formatShare(mipGap)))" }
        out.append(headline)

        if let diagnosis, !diagnosis.isEmpty {
            out.append("")
            out.append("The rules cannot all be met. With the least total violation:")
            for entry in diagnosis { out.append("  - \(entry.message)") }
        }
        if status == .timeLimit { out.append("The time limit was reached before any plan was found.") }

        if status.hasPlan {
            for item in items { out.append(""); out += itemTable(item) }
            if !onshoring.isEmpty {
                out.append("")
                out.append("Onshoring timeline")
                for line in onshoring { out.append("  " + timelineText(line)) }
            }
            out += poolLines()
            out.append("")
            out.append("Costs (discounted)\(money)")
            let parts = costs.entries.filter { $0.1 != 0 }
            let width = parts.map(\.0.count).max() ?? 0
            for (kind, amount) in parts {
                out.append("  " + kind.padding(width) + "  " + leftPad(formatMoney(amount), 12))
            }
            out.append("  " + "total".padding(width) + "  " + leftPad(formatMoney(costs.total), 12))
        }
        if !excluded.isEmpty {
            out.append("")
            out.append("Excluded sources")
            for entry in excluded { out.append("  \(entry.source): \(entry.reasons.joined(separator: ", "))") }
        }
        out.append("")
        out.append("Model: \(solver.rows) rows, \(solver.columns) columns (\(solver.integerColumns) integer), \(solver.nonzeros) nonzeros; solved in \(solver.seconds < 1 ? "\(max(1, Int((solver.seconds * 1000).rounded()))) ms" : "\(formatQuantity((solver.seconds * 100).rounded() / 100)) s") with GLPK \(solver.glpkVersion)")
        return out.joined(separator: "\n") + "\n"
    }

    func itemTable(_ item: ItemPlan) -> [String] {
        let demand = item.demand.reduce(0, +), delivered = item.delivered.reduce(0, +)
        let domestic = item.domestic.reduce(0, +)
        var header = "\(item.id): demand \(formatQuantity(demand)), delivered \(formatQuantity(delivered))"
        if delivered > 0 { header += ", domestic share \(formatShare(domestic / delivered))" }
        var rows: [(String, [String])] = [
            ("period", periods),
            ("demand", item.demand.map(formatQuantity)),
            ("delivered", item.delivered.map(formatQuantity)),
            ("  domestic", item.domestic.map(formatQuantity)),
            ("  allied", item.allied.map(formatQuantity)),
        ]
        for country in item.byCountry where country.values.contains(where: { $0 != 0 }) {
            rows.append(("    " + country.id, country.values.map(formatQuantity)))
        }
        if item.inventory.contains(where: { $0 != 0 }) { rows.append(("inventory", item.inventory.map(formatQuantity))) }
        if item.backlog.contains(where: { $0 != 0 }) { rows.append(("backlog", item.backlog.map(formatQuantity))) }
        rows += componentRows(item)
        let labelWidth = rows.map(\.0.count).max() ?? 0
        let cellWidth = rows.flatMap(\.1).map(\.count).max() ?? 1
        var lines = [header]
        for (label, cells) in rows {
            lines.append("  " + label.padding(labelWidth) + " " + cells.map { leftPad($0, cellWidth) }.joined(separator: " "))
        }
        let used = sources.filter { $0.item == item.id && $0.used }
        if !used.isEmpty {
            let list = used.map { "\($0.id) (\($0.country)) \(formatQuantity($0.orders.reduce(0, +)))" }
            lines.append("  sources used: " + list.joined(separator: ", "))
        }
        let r = item.redundancy
        var figures = "  redundancy: \(r.sourcesUsed) sources, \(r.countriesUsed) countries"
        if let share = r.largestSourceShare { figures += ", largest source \(formatShare(share))" }
        if let share = r.largestAllyShare { figures += ", largest ally \(formatShare(share))" }
        if let covered = r.worstCountryLossCovered { figures += ", worst country loss leaves \(formatShare(covered)) covered" }
        lines.append(figures)
        lines += dependencyLines(item)
        return lines
    }

    func timelineText(_ line: OnshoringTimeline) -> String {
        var steps: [String] = []
        if let period = line.transferComplete { steps.append("transfer complete \(period)") }
        if let period = line.facilityInvestment { steps.append("facility invested \(period)") }
        if let period = line.facilityReady { steps.append("ready \(period)") }
        steps.append(line.firstProduction.map { "first production \($0)" } ?? "no production")
        var units = "\(formatQuantity(line.unitsHome)) built at home"
        if let abroad = line.unitsAbroad { units += ", \(formatQuantity(abroad)) abroad" }
        return "\(line.source): " + steps.joined(separator: " → ") + " (\(units))"
    }
}

/// Money with thousands separators and one decimal.
public func formatMoney(_ value: Double) -> String {
    let tenths = Int64((abs(value) * 10).rounded())
    var whole = String(tenths / 10)
    var grouped = ""
    while whole.count > 3 {
        grouped = "," + whole.suffix(3) + grouped
        whole.removeLast(3)
    }
    return (value < 0 && tenths != 0 ? "-" : "") + whole + grouped + "." + String(tenths % 10)
}

func leftPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
