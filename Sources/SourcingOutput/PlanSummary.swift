import SourcingModel
import SourcingScenario

// The readable summary `sourcing solve` prints: per item the domestic/allied split by period
// (with opening stock, the lines used, their names and how full they were against the capacity
// they really had), the onshoring milestones in date order, the cost breakdown, spending against
// the budget, the sensitivity figures that matter, and the excluded sources.

extension Plan {
    /// A one-screen summary for planners. `currency` labels money amounts (default: the plan's).
    public func summary(currency: String? = nil) -> String {
        var plan = self
        if let currency { plan.currency = currency }
        return plan.summaryText()
    }

    func summaryText() -> String {
        var out: [String] = []
        let money = moneySuffix
        var headline = "\(printableLabel(scenario.name)): \(status.rawValue)"
        if let objective {
            headline += ", total cost \(formatMoney(objective))\(money)"
        } else if !status.hasPlan {
            headline += ", total cost —"
        }
        if let mipGap, status.hasPlan { headline += " (MIP gap \(formatShare(mipGap)))" }
        out.append(headline)

        if let diagnosis, !diagnosis.isEmpty {
            out.append("")
            out.append(
                "The rules cannot all be met. With the least total violation (each rule's shortfall relative to its scale):"
            )
            for entry in diagnosis { out.append("  - \(entry.message)") }
        }
        if status == .timeLimit { out.append("The time limit was reached before any plan was found.") }

        if status.hasPlan {
            for item in items {
                out.append("")
                out += itemTable(item)
            }
            if !onshoring.isEmpty {
                out.append("")
                out.append("Onshoring timeline (milestones in date order)")
                for line in onshoring { out.append("  " + timelineText(line)) }
            }
            out += poolLines()
            out.append("")
            out.append("Costs\(costCaption)")
            let parts = costs.entries.filter { $0.1 != 0 }
            let width = parts.map(\.0.count).max() ?? 0
            for (kind, amount) in parts {
                out.append("  " + kind.padding(width) + "  " + leftPad(formatMoney(amount), 12))
            }
            out.append("  " + "total".padding(width) + "  " + leftPad(formatMoney(costs.total), 12))
            out += spendingTable()
            out += sensitivityLines()
        }
        if !excluded.isEmpty {
            out.append("")
            out.append("Excluded sources")
            for entry in excluded { out.append("  \(entry.source): \(entry.reasons.joined(separator: ", "))") }
        }
        out.append("")
        out.append(
            "Model: \(solver.rows) rows, \(solver.columns) columns (\(solver.integerColumns) integer), \(solver.nonzeros) nonzeros; solved in \(solver.seconds < 1 ? "\(max(1, Int((solver.seconds * 1000).rounded()))) ms" : "\(formatQuantity((solver.seconds * 100).rounded() / 100)) s") with GLPK \(solver.glpkVersion)"
        )
        // Names and labels from the scenario may hold control characters: none reaches a terminal.
        return terminalSafe(out.joined(separator: "\n") + "\n")
    }

    func itemTable(_ item: ItemPlan) -> [String] {
        let demand = item.demand.reduce(0, +)
        let delivered = item.delivered.reduce(0, +)
        let domestic = item.domestic.reduce(0, +)
        let opening = openingStock(item)
        var header = "\(item.id)\(item.name.map { " — \($0)" } ?? ""): demand \(formatAmount(demand, item.unit))"
        if opening > 1e-9 { header += ", opening stock \(formatAmount(opening, item.unit))" }
        header += ", delivered \(formatAmount(delivered, item.unit))"
        if let unmet = item.backlog.last, unmet > 1e-9 {
            header += ", unmet at the end \(formatAmount(unmet, item.unit))"
        }
        if delivered > 0 { header += ", domestic share \(formatShare(domestic / delivered))" }
        var rows: [(String, [String])] = [
            ("period", periods),
            ("demand", item.demand.map(formatAmount)),
            ("delivered", item.delivered.map(formatAmount)),
            ("  domestic content", item.domestic.map(formatAmount)),
            ("  allied content", item.allied.map(formatAmount)),
        ]
        for country in item.byCountry where country.values.contains(where: { $0 != 0 }) {
            rows.append(("  from " + country.id, country.values.map(formatAmount)))
        }
        if item.inventory.contains(where: { $0 != 0 }) { rows.append(("inventory", item.inventory.map(formatAmount))) }
        if item.backlog.contains(where: { $0 != 0 }) { rows.append(("backlog", item.backlog.map(formatAmount))) }
        rows += componentRows(item)
        let used = sources.filter { $0.item == item.id && $0.used }
        if !used.isEmpty {
            rows.append(("utilisation", Array(repeating: "", count: periods.count)))
            for source in used {
                rows.append(("  " + source.id, utilisationInForce(of: source).map { $0.map(formatPercent) ?? "–" }))
            }
        }
        var lines = [header]
        lines += periodTable(rows)
        if !used.isEmpty {
            lines.append("  utilisation: of the capacity each line had that period (its ramp-up counted; – none yet)")
        }
        if let note = domesticContentNote(item) { lines.append("  " + note) }
        if !used.isEmpty {
            lines.append("  sources used (\(unitWord(item.unit, plural: true)) ordered):")
            let idWidth = used.map(\.id.count).max() ?? 0
            let countryWidth = used.map(\.country.count).max() ?? 0
            let unitsWidth = used.map { formatAmount($0.orders.reduce(0, +)).count }.max() ?? 0
            for source in used {
                var entry =
                    "    " + source.id.padding(idWidth) + "  " + source.country.padding(countryWidth) + "  "
                    + leftPad(formatAmount(source.orders.reduce(0, +)), unitsWidth)
                if let name = source.name { entry += "  " + name }
                lines.append(entry)
            }
        }
        let r = item.redundancy
        var figures =
            "  redundancy: \(counted(r.sourcesUsed, "source", "sources")), \(counted(r.countriesUsed, "country", "countries"))"
        if let share = r.largestSourceShare { figures += ", largest source \(formatShare(share))" }
        if let share = r.largestAllyShare { figures += ", largest ally \(formatShare(share))" }
        if let covered = r.worstCountryLossCovered {
            figures += ", worst country loss leaves \(formatShare(covered)) covered"
        }
        lines.append(figures)
        lines += dependencyLines(item)
        return lines
    }

    /// Rows of a table with one column per period: labels left, cells right-aligned.
    func periodTable(_ rows: [(String, [String])]) -> [String] {
        let labelWidth = rows.map(\.0.count).max() ?? 0
        let cellWidth = rows.flatMap(\.1).map(\.count).max() ?? 1
        return rows.map { label, cells in
            let text =
                "  " + label.padding(labelWidth) + " " + cells.map { leftPad($0, cellWidth) }.joined(separator: " ")
            return cells.allSatisfy(\.isEmpty) ? "  " + label : text
        }
    }

    /// Stock on hand before the first period: what the balance says was there beyond deliveries.
    func openingStock(_ item: ItemPlan) -> Double {
        guard !item.demand.isEmpty else { return 0 }
        // inventory[0] − backlog[0] = opening + delivered[0] − demand[0] − consumed[0]
        let opening =
            item.inventory[0] - item.backlog[0] - item.delivered[0] + item.demand[0] + (item.consumed?.first ?? 0)
        return abs(opening) < 1e-9 ? 0 : planFigure(opening)
    }

    /// Said plainly when domestic content is not the same as units from the home country
    /// (co-production counts the home country's content in allied units).
    func domesticContentNote(_ item: ItemPlan) -> String? {
        guard let home = homeCountry else { return nil }
        let domestic = item.domestic.reduce(0, +)
        let fromHome = item.byCountry.first { $0.id == home }?.values.reduce(0, +) ?? 0
        guard abs(domestic - fromHome) > 1e-6 * max(1, domestic) else { return nil }
        let units = unitWord(item.unit, plural: true)
        let inAllied = planFigure(domestic - fromHome)
        guard inAllied > 0 else {
            return
                "domestic content \(formatAmount(planFigure(domestic))) is less than the \(formatAmount(planFigure(fromHome))) \(units) from \(home): some of its lines carry foreign content"
        }
        return
            "domestic content \(formatAmount(planFigure(domestic))) = \(formatAmount(planFigure(fromHome))) \(units) from \(home) + \(formatAmount(inAllied)) of \(home) content in \(units) from allies (co-production)"
    }

    func timelineText(_ line: OnshoringTimeline) -> String {
        let steps = milestones(of: line).map { "\($0.what) \($0.period)" }
        let unit = items.first { item in sources.contains { $0.id == line.source && $0.item == item.id } }?.unit
        var units = "\(formatAmount(line.unitsHome, unit)) built at home"
        if let abroad = line.unitsAbroad { units += ", \(formatAmount(abroad)) abroad" }
        return "\(line.source): " + (steps.isEmpty ? "no production" : steps.joined(separator: " → ")) + " (\(units))"
    }

    /// Spending per period against the budget, undiscounted.
    func spendingTable() -> [String] {
        guard spending.count == periods.count else { return [] }
        var rows: [(String, [String])] = [("period", periods), ("spending", spending.map(formatMoneyCell))]
        if let budget, budget.count == periods.count {
            rows.append(("budget", budget.map(formatMoneyCell)))
            rows.append(("headroom", zip(budget, spending).map { formatMoneyCell(planFigure($0 - $1)) }))
        }
        let caption = [currency, "undiscounted"].compactMap { $0 }.joined(separator: ", ")
        return ["", "Spending per period\(budget == nil ? "" : " against the budget") (\(caption))"] + periodTable(rows)
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
