import Foundation
import SourcingModel

// The sensitivity figures that matter to a planner, for the summary and the report: what one
// more unit of demand costs (per item and period; whole-unit items re-solved one more and one
// less), which capacities bind and what one more unit of them saves, and what one more unit of
// budget saves. Money is discounted like the objective.

/// One item's demand costs per period, as rows of cells.
struct DemandCostRows {
    var item: ItemPlan
    /// Per period: the extra cost of one more unit due (nil: it cannot be delivered).
    var more: [Double?]
    /// Per period, re-solved items only: what one less unit due saves (nil: no unit to drop).
    var less: [Double?]?
    /// Per period: whether the report has a figure (re-solves stopped by the time limit leave
    /// the later periods out).
    var found: [Bool]
}

extension Sensitivity {
    /// Per item (plan order), the demand costs per period; items without figures left out.
    func demandCostRows(of plan: Plan) -> [DemandCostRows] {
        plan.items.compactMap { item in
            let entries = demandCost.filter { $0.item == item.id }
            guard !entries.isEmpty else { return nil }
            var more = [Double?](repeating: nil, count: plan.periods.count)
            var less = [Double?](repeating: nil, count: plan.periods.count)
            var found = [Bool](repeating: false, count: plan.periods.count)
            for entry in entries {
                guard let t = plan.periods.firstIndex(of: entry.period) else { continue }
                more[t] = entry.costPerUnit
                less[t] = entry.savingOneLess
                found[t] = true
            }
            let resolved = entries.contains { $0.method == .resolve }
            return DemandCostRows(item: item, more: more, less: resolved ? less : nil, found: found)
        }
    }

    /// The binding capacities, the most valuable first (ties in plan order), at most `limit`.
    func bindingCapacities(limit: Int) -> (shown: [CapacityValue], more: Int) {
        let ranked = capacityValue.enumerated().sorted { a, b in
            a.element.savingPerUnit != b.element.savingPerUnit
                ? a.element.savingPerUnit > b.element.savingPerUnit : a.offset < b.offset
        }.map(\.element)
        return (Array(ranked.prefix(limit)), max(0, ranked.count - limit))
    }
}

/// A marginal figure with the precision it needs: "1,132", "565", "3.91", "0.0194".
func formatFigure(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude >= 1000 { return formatMoneyCell(value.rounded()) }
    let decimals =
        magnitude >= 100
        ? 1 : magnitude >= 1 ? 2 : magnitude == 0 ? 0 : max(2, 2 - Int(log10(magnitude).rounded(.down)))
    let factor = pow(10, Double(decimals))
    return formatQuantity((value * factor).rounded() / factor)
}

extension Plan {
    /// The summary's sensitivity section (empty without sensitivity figures).
    func sensitivityLines() -> [String] {
        guard let sensitivity else { return [] }
        let caption = [currency, isDiscounted ? "discounted like the objective" : nil].compactMap { $0 }.joined(
            separator: ", ")
        let incomplete =
            sensitivity.complete
            ? ""
            : sensitivity.skipped != nil
                ? ": incomplete, some items not re-solved (below)" : ": incomplete, the time limit stopped it"
        var lines = ["", "Sensitivity\(caption.isEmpty ? "" : " (\(caption))")\(incomplete)"]
        let rows = sensitivity.demandCostRows(of: self)
        var notes: [String] = []
        for entry in rows {
            let unit = unitWord(entry.item.unit, plural: false)
            var table: [(String, [String])] = [("\(entry.item.id)", periods)]
            func cells(_ values: [Double?], missing: String) -> [String] {
                zip(values, entry.found).map { value, found in found ? value.map(formatFigure) ?? missing : "?" }
            }
            table.append(("  one more \(unit) costs", cells(entry.more, missing: "✕")))
            if let less = entry.less { table.append(("  one \(unit) less saves", cells(less, missing: "–"))) }
            lines += periodTable(table)
            if let less = entry.less {
                var note =
                    "\(entry.item.id): the plan solved again with one more and one less \(unit) due (whole units); ✕ one more cannot be delivered, – nothing to drop"
                if less.contains(where: { ($0 ?? 0) < 0 }) { note += "; a negative saving: one less due costs more" }
                if entry.found.contains(false) { note += "; ? not re-solved before the time limit" }
                notes.append(note)
            }
        }
        if sensitivity.basis != "lp", rows.contains(where: { $0.less == nil }) {
            notes.append(
                "shadow prices with the plan's whole-number decisions (sources opened, lines started) held fixed")
        }
        if let skipped = sensitivity.skipped {
            notes.append(
                "not re-solved: \(skipped.items.joined(separator: ", ")), \(skipped.reason); they have no demand cost here"
            )
        }
        for note in notes { lines.append("  " + note) }
        let (binding, more) = sensitivity.bindingCapacities(limit: 5)
        if !binding.isEmpty {
            let list = binding.map { "\($0.source) \($0.period) \(formatFigure($0.savingPerUnit))" }.joined(
                separator: ", ")
            lines.append(
                "  binding capacity, what one more unit saves: \(list)\(more > 0 ? " (and \(more) more)" : "")")
        }
        if budget != nil {
            if sensitivity.budgetValue.isEmpty {
                lines.append("  budget: binds in no period")
            } else {
                let list = sensitivity.budgetValue.map { "\($0.period) \(formatFigure($0.savingPerUnit))" }.joined(
                    separator: ", ")
                // In a MIP a spent-out budget often shows 0: a whole unit more costs more than one unit of money.
                let held = sensitivity.basis != "lp" && sensitivity.budgetValue.contains { $0.savingPerUnit == 0 }
                lines.append(
                    "  budget binds, what one more unit of money saves: \(list)\(held ? " (whole-number decisions held fixed: 0 where one unit of money buys no whole unit)" : "")"
                )
            }
        }
        return lines
    }
}
