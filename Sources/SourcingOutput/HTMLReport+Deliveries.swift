import Foundation
import SourcingModel

// The report's deliveries section: per item, a stacked bar chart of deliveries by country with
// the demand line, and the period table under it.

extension ReportPage {
    mutating func writeDeliveries() {
        line("<section id=\"deliveries\">")
        line("<h2>Deliveries by item</h2>")
        line(
            "<p class=\"note\">Units delivered per period, stacked by the country that delivers them, against demand (the black line). \(home.map { "\(htmlEscaped($0)) is the home country; the other countries are allies." } ?? "")</p>"
        )
        for (index, item) in plan.items.enumerated() { writeItemChart(item, index: index) }
        line("</section>")
    }

    /// Countries of an item in stacking order: the home country at the bottom, then allies.
    func stackOrder(_ item: ItemPlan) -> [(id: String, values: [Double])] {
        item.byCountry.sorted { (countries.firstIndex(of: $0.id) ?? 0) < (countries.firstIndex(of: $1.id) ?? 0) }
    }

    mutating func writeItemChart(_ item: ItemPlan, index: Int) {
        let stack = stackOrder(item)
        let homeMatchesDomestic =
            home.flatMap { h in stack.first { $0.id == h } }.map { entry in
                zip(entry.values, item.domestic).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }
            } ?? item.domestic.allSatisfy { $0 == 0 }
        let showDomesticMarker = !homeMatchesDomestic

        let column = 44.0
        let bar = 26.0
        let left = 46.0
        let right = 10.0
        let top = 18.0
        let plot = 200.0
        let rotate = plan.periods.contains { $0.count > 5 } || T > 16
        let bottom = rotate ? 12.0 + 6.5 * Double(plan.periods.map(\.count).max() ?? 4) : 26.0
        let width = left + column * Double(T) + right
        let height = top + plot + bottom
        let peak =
            (0..<T).map { t in max(item.demand[t], item.delivered[t], stack.reduce(0) { $0 + $1.values[t] }) }.max()
            ?? 0
        let (axisMax, step) = niceAxis(peak)
        let scale = plot / axisMax

        let titleID = "chart-item-\(index)-title"
        line("<figure class=\"chart\" id=\"item-\(index)\">")
        line(
            "<h3>\(htmlEscaped(item.id))\(item.name.map { " <span class=\"role\">\(htmlEscaped($0))</span>" } ?? "")</h3>"
        )
        line("<div class=\"scroll\">")
        line(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart deliveries\" role=\"img\" aria-labelledby=\"\(titleID)\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.5))px;min-width:\(coordinate(width * 0.85))px\" data-item=\"\(htmlEscaped(item.id))\" data-scale=\"\(JSONValue.format(scale))\" data-baseline=\"\(coordinate(top + plot))\">"
        )
        line(
            "<title id=\"\(titleID)\">Deliveries of \(htmlEscaped(item.id)) by period and country, against demand</title>"
        )
        // Axis title: what a unit of the item is.
        line(
            "<text class=\"axis axis-title\" x=\"4\" y=\"11\" text-anchor=\"start\">\(htmlEscaped(unitWord(item.unit, plural: true))) per period</text>"
        )
        writeValueGrid(
            from: left, to: width - right, baseline: top + plot, scale: scale, axisMax: axisMax, step: step,
            label: formatQuantity)
        for t in 0..<T {
            let x0 = left + column * Double(t)
            let barX = x0 + (column - bar) / 2
            let label = htmlEscaped(plan.periods[t])
            line(
                "<g class=\"period\" data-period=\"\(label)\" data-demand=\"\(JSONValue.format(item.demand[t]))\" data-delivered=\"\(JSONValue.format(item.delivered[t]))\" data-domestic=\"\(JSONValue.format(item.domestic[t]))\" data-allied=\"\(JSONValue.format(item.allied[t]))\">"
            )
            var base = 0.0
            for entry in stack where entry.values[t] != 0 {
                let value = entry.values[t]
                let y = top + plot - (base + value) * scale
                let role = entry.id == home ? "domestic" : "allied"
                line(
                    "<rect class=\"segment \(role)\" data-country=\"\(htmlEscaped(entry.id))\" data-value=\"\(JSONValue.format(value))\" x=\"\(coordinate(barX))\" y=\"\(coordinate(y))\" width=\"\(coordinate(bar))\" height=\"\(coordinate(value * scale))\" fill=\"\(countryFill(entry.id))\"><title>\(label): \(formatQuantity(value)) from \(htmlEscaped(entry.id))</title></rect>"
                )
                base += value
            }
            if showDomesticMarker, item.domestic[t] > 0 {
                let y = top + plot - item.domestic[t] * scale
                line(
                    "<circle class=\"domestic-content\" data-value=\"\(JSONValue.format(item.domestic[t]))\" cx=\"\(coordinate(barX + bar / 2))\" cy=\"\(coordinate(y))\" r=\"3.5\"><title>\(label): domestic content \(formatQuantity(item.domestic[t]))</title></circle>"
                )
            }
            if item.demand[t] != 0 || item.delivered[t] != 0 {
                let y = top + plot - item.demand[t] * scale
                line(
                    "<line class=\"demand-halo\" x1=\"\(coordinate(barX - 5))\" x2=\"\(coordinate(barX + bar + 5))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"/>"
                )
                line(
                    "<line class=\"demand\" data-value=\"\(JSONValue.format(item.demand[t]))\" x1=\"\(coordinate(barX - 5))\" x2=\"\(coordinate(barX + bar + 5))\" y1=\"\(coordinate(y))\" y2=\"\(coordinate(y))\"><title>\(label): demand \(formatQuantity(item.demand[t]))</title></line>"
                )
                // The delivered total sits just above its bar, or above the demand line when that
                // would cross it, so it is never read as the demand.
                let barTop = top + plot - base * scale
                let demandY = top + plot - item.demand[t] * scale
                let labelY =
                    (demandY < barTop && demandY > barTop - 16) || abs(demandY - barTop) < 1 ? demandY - 5 : barTop - 4
                line(
                    "<text class=\"value\" x=\"\(coordinate(barX + bar / 2))\" y=\"\(coordinate(labelY))\" text-anchor=\"middle\">\(formatQuantity(item.delivered[t]))</text>"
                )
            }
            let labelX = x0 + column / 2
            let labelY = top + plot + 14
            if rotate {
                line(
                    "<text class=\"axis\" x=\"\(coordinate(labelX + 4))\" y=\"\(coordinate(labelY - 4))\" text-anchor=\"end\" transform=\"rotate(-45 \(coordinate(labelX + 4)) \(coordinate(labelY - 4)))\">\(label)</text>"
                )
            } else {
                line(
                    "<text class=\"axis\" x=\"\(coordinate(labelX))\" y=\"\(coordinate(labelY))\" text-anchor=\"middle\">\(label)</text>"
                )
            }
            line("</g>")
        }
        line(
            "<line class=\"baseline\" x1=\"\(coordinate(left))\" x2=\"\(coordinate(width - right))\" y1=\"\(coordinate(top + plot))\" y2=\"\(coordinate(top + plot))\"/>"
        )
        line("</svg>")
        line("</div>")
        // Legend: every country that delivers anything, plus demand (and domestic content).
        var legend: [String] = []
        for entry in stack where entry.values.contains(where: { $0 != 0 }) {
            legend.append(
                "<li>\(swatch(fill: countryFill(entry.id))) \(htmlEscaped(entry.id))<span class=\"role\">\(roleText(entry.id))</span></li>"
            )
        }
        legend.append(
            "<li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 16 12\" width=\"16\" height=\"12\" aria-hidden=\"true\"><line x1=\"0\" x2=\"16\" y1=\"6\" y2=\"6\" stroke=\"#000\" stroke-width=\"2.5\"/></svg> demand</li>"
        )
        if showDomesticMarker {
            legend.append(
                "<li><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 12 12\" width=\"12\" height=\"12\" aria-hidden=\"true\"><circle cx=\"6\" cy=\"6\" r=\"3.5\" fill=\"#FFF\" stroke=\"#000\" stroke-width=\"1.5\"/></svg> domestic content (co-production counts in part)</li>"
            )
        }
        line("<ul class=\"legend\">\(legend.joined())</ul>")
        // The numbers behind the chart.
        var rows: [(String, String, [String])] = [
            ("demand", "", item.demand.map(formatQuantity)),
            ("delivered", "", item.delivered.map(formatQuantity)),
            ("domestic content", "sub", item.domestic.map(formatQuantity)),
            ("allied content", "sub", item.allied.map(formatQuantity)),
        ]
        for entry in stack where entry.values.contains(where: { $0 != 0 }) {
            rows.append(("from \(entry.id)\(roleText(entry.id))", "sub", entry.values.map(formatQuantity)))
        }
        if item.inventory.contains(where: { $0 != 0 }) {
            rows.append(("inventory", "", item.inventory.map(formatQuantity)))
        }
        if item.backlog.contains(where: { $0 != 0 }) { rows.append(("backlog", "", item.backlog.map(formatQuantity))) }
        rows.append(("domestic share", "", item.domesticShare.map { $0.map(formatShare) ?? "–" }))
        writePeriodTable(
            rows,
            caption:
                "\(htmlEscaped(capitalised(unitWord(item.unit, plural: true)))) of \(htmlEscaped(item.id)) per period")
        line("</figure>")
    }

    func swatch(fill: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" fill=\"\(fill)\" stroke=\"#333\" stroke-width=\"0.5\"/></svg>"
    }

    /// A table with one column per period; `rows` are (label, indent class, cells). Labels are escaped here.
    mutating func writePeriodTable(_ rows: [(String, String, [String])], caption: String) {
        line("<div class=\"scroll\"><table class=\"numbers\"><caption>\(caption)</caption>")
        line(
            "<thead><tr><th scope=\"col\">period</th>\(plan.periods.map { "<th scope=\"col\">\(htmlEscaped($0))</th>" }.joined())</tr></thead><tbody>"
        )
        for (label, indent, cells) in rows {
            let cls = indent.isEmpty ? "" : " class=\"\(indent)\""
            line(
                "<tr><th scope=\"row\"\(cls)>\(htmlEscaped(label))</th>\(cells.map { "<td>\(htmlEscaped($0))</td>" }.joined())</tr>"
            )
        }
        line("</tbody></table></div>")
    }
}
