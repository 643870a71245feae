import SourcingModel

// The report's sensitivity section: the figures that matter to a planner, as tables. What one
// more unit due costs per item and period (whole-unit items: the plan solved again with one more
// and one less unit; others: the balance row's shadow price), which capacities bind and what one
// more unit of them saves, and what one more unit of budget saves. Money is discounted like the
// objective.

extension ReportPage {
    mutating func writeSensitivity() {
        guard let sensitivity = plan.sensitivity else { return }
        line("<section id=\"sensitivity\">")
        line("<h2>Sensitivity</h2>")
        let money = plan.currency.map { " in \(htmlEscaped($0))" } ?? ""
        var note =
            "What small changes would cost or save\(money)\(plan.isDiscounted ? ", discounted like the objective" : ""). "
        switch sensitivity.basis {
        case "lp": note += "Shadow prices of the optimal plan: valid while the plan keeps its shape."
        case "mip-fixed":
            note += "Shadow prices with the plan’s whole-number decisions (sources opened, lines started) held fixed."
        default:
            note +=
                "Items were solved as separate blocks; shadow prices of whole-number blocks hold their decisions fixed."
        }
        note +=
            " Whole-unit items are solved again with one more and one less unit due, because a shadow price says nothing about a whole unit more."
        if let skipped = sensitivity.skipped {
            note +=
                " <strong>Not re-solved:</strong> \(htmlEscaped(skipped.items.joined(separator: ", "))), \(htmlEscaped(skipped.reason)); they have no demand cost here."
        }
        if !sensitivity.complete,
            sensitivity.skipped == nil
                || sensitivity.demandCostRows(of: plan).contains(where: { $0.found.contains(false) })
        {
            note +=
                " <strong>Incomplete:</strong> the time limit stopped the report before every figure was found (“?”)."
        }
        line("<p class=\"note\">\(note)</p>")
        for entry in sensitivity.demandCostRows(of: plan) {
            let unit = unitWord(entry.item.unit, plural: false)
            func cells(_ values: [Double?], missing: String) -> [String] {
                zip(values, entry.found).map { value, found in found ? value.map(formatFigure) ?? missing : "?" }
            }
            var rows: [(String, String, [String])] = [
                ("one more \(unit) due costs", "", cells(entry.more, missing: "✕"))
            ]
            if let less = entry.less { rows.append(("one \(unit) less due saves", "", cells(less, missing: "–"))) }
            writePeriodTable(
                rows,
                caption:
                    "Marginal cost of demand: \(htmlEscaped(entry.item.id))\(entry.less == nil ? "" : " (re-solved; ✕ one more cannot be delivered, – nothing to drop)")"
            )
        }
        if !sensitivity.capacityValue.isEmpty {
            var table =
                "<table class=\"numbers\"><caption>Binding capacity: what one more unit saves</caption><thead><tr><th scope=\"col\">source</th><th scope=\"col\">period</th><th scope=\"col\">saving per unit</th></tr></thead><tbody>"
            for value in sensitivity.bindingCapacities(limit: sensitivity.capacityValue.count).shown {
                let name = plan.sources.first { $0.id == value.source }?.name
                table +=
                    "<tr data-source=\"\(htmlEscaped(value.source))\"><th scope=\"row\">\(htmlEscaped(value.source))\(name.map { " <span class=\"role\">\(htmlEscaped($0))</span>" } ?? "")</th><td>\(htmlEscaped(value.period))</td><td data-value=\"\(JSONValue.format(value.savingPerUnit))\">\(formatFigure(value.savingPerUnit))</td></tr>"
            }
            table += "</tbody></table>"
            writeCollapsible(
                table, rows: sensitivity.capacityValue.count,
                summary: "All \(sensitivity.capacityValue.count) binding capacities (table)")
        }
        if plan.budget != nil {
            if sensitivity.budgetValue.isEmpty {
                line("<p class=\"note\">The budget binds in no period: one more unit of money would save nothing.</p>")
            } else {
                var table =
                    "<table class=\"numbers narrow\"><caption>Binding budget (spent to the last unit or with a shadow price): what one more unit of money saves\(sensitivity.basis != "lp" ? ", whole-number decisions held fixed" : "")</caption><thead><tr><th scope=\"col\">period</th><th scope=\"col\">saving per unit</th></tr></thead><tbody>"
                for value in sensitivity.budgetValue {
                    table +=
                        "<tr><th scope=\"row\">\(htmlEscaped(value.period))</th><td data-value=\"\(JSONValue.format(value.savingPerUnit))\">\(formatFigure(value.savingPerUnit))</td></tr>"
                }
                line("<div class=\"scroll\">\(table)</tbody></table></div>")
            }
        }
        line("</section>")
    }
}
