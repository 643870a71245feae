import SourcingModel

// The report's spending section: what the plan spends per period (undiscounted, as the budget
// rows count it: procurement after cost share, facility investment, reserve cost, fixed costs in
// the first period) as bars, against the budget line when the scenario has one; the numbers
// below with the headroom left. The bars carry `data-value`, the budget marks `data-budget`.

extension ReportPage {
    mutating func writeSpending() {
        guard plan.spending.count == T else { return }
        let budget = plan.budget.flatMap { $0.count == T ? $0 : nil }
        line("<section id=\"spending\">")
        line("<h2>Spending\(budget == nil ? "" : " against the budget")</h2>")
        let money = plan.currency.map { " in \(htmlEscaped($0))" } ?? ""
        line(
            "<p class=\"note\">What the plan spends in each period\(money), undiscounted, as the budget counts it: procurement (after cost share), facility investment, reserve cost, and fixed costs in the first period.\(budget == nil ? " The scenario sets no budget." : " The black line is the period’s budget; a bar that reaches it means the budget binds.")</p>"
        )
        let column = 44.0
        let bar = 26.0
        let left = 56.0
        let right = 10.0
        let top = 18.0
        let plot = 160.0
        let bottom = 26.0
        let width = left + column * Double(T) + right
        let height = top + plot + bottom
        let peak = (0..<T).map { max(plan.spending[$0], budget?[$0] ?? 0) }.max() ?? 0
        let (axisMax, step) = niceAxis(peak)
        let scale = plot / axisMax
        line("<div class=\"scroll\">")
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart spending\" role=\"img\" aria-labelledby=\"spending-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.5))px;min-width:\(coordinate(width * 0.85))px\" data-scale=\"\(JSONValue.format(scale))\" data-baseline=\"\(coordinate(top + plot))\">"
        )
        line("<title id=\"spending-title\">Spending per period\(budget == nil ? "" : " against the budget")</title>")
        line(
            "<text class=\"axis axis-title\" x=\"4\" y=\"11\" text-anchor=\"start\">\(htmlEscaped(plan.currency ?? "money")) per period</text>"
        )
        writeValueGrid(
            from: left, to: width - right, baseline: top + plot, scale: scale, axisMax: axisMax, step: step,
            label: formatMoneyCell)
        for t in 0..<T {
            let x0 = left + column * Double(t)
            let barX = x0 + (column - bar) / 2
            let label = htmlEscaped(plan.periods[t])
            let spent = plan.spending[t]
            line(
                "<g class=\"period\" data-period=\"\(label)\" data-value=\"\(JSONValue.format(spent))\" data-budget=\"\(budget.map { JSONValue.format($0[t]) } ?? "null")\">"
            )
            if spent > 0 {
                let y = top + plot - spent * scale
                line(
                    "<rect class=\"spend\" data-value=\"\(JSONValue.format(spent))\" x=\"\(coordinate(barX))\" y=\"\(coordinate(y))\" width=\"\(coordinate(bar))\" height=\"\(coordinate(spent * scale))\" fill=\"\(Palette.domestic)\"><title>\(label): spent \(formatMoney(spent))\(htmlEscaped(plan.moneySuffix))</title></rect>"
                )
            }
            if let budget {
                let y = top + plot - budget[t] * scale
                line(
                    "<line class=\"demand-halo\" x1=\"\(coordinate(barX - 5))\" x2=\"\(coordinate(barX + bar + 5))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"/>"
                )
                line(
                    "<line class=\"demand budget\" data-value=\"\(JSONValue.format(budget[t]))\" x1=\"\(coordinate(barX - 5))\" x2=\"\(coordinate(barX + bar + 5))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"><title>\(label): budget \(formatMoney(budget[t]))\(htmlEscaped(plan.moneySuffix))</title></line>"
                )
            }
            line(
                "<text class=\"axis\" x=\"\(coordinate(x0 + column / 2))\" y=\"\(coordinate(top + plot + 14))\" text-anchor=\"middle\">\(label)</text>"
            )
            line("</g>")
        }
        line(
            "<line class=\"baseline\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot))\"/>"
        )
        line("</svg>")
        line("</div>")
        var legend = ["<li>\(swatch(fill: Palette.domestic)) spending</li>"]
        if budget != nil {
            legend.append(
                "<li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 16 12\" width=\"16\" height=\"12\" aria-hidden=\"true\"><line x1=\"0\" x2=\"16\" y1=\"6\" y2=\"6\" stroke=\"#000\" stroke-width=\"2.5\"/></svg> budget</li>"
            )
        }
        line("<ul class=\"legend\">\(legend.joined())</ul>")
        var rows: [(String, String, [String])] = [("spending", "", plan.spending.map(formatMoneyCell))]
        if let budget {
            rows.append(("budget", "", budget.map(formatMoneyCell)))
            rows.append(("headroom", "sub", zip(budget, plan.spending).map { formatMoneyCell(planFigure($0 - $1)) }))
        }
        writePeriodTable(rows, caption: "Spending per period\(htmlEscaped(plan.currency.map { " (\($0))" } ?? ""))")
        line("</section>")
    }
}
