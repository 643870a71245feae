import Foundation
import SourcingModel

// The report's cost section: the objective by kind of cost.

extension ReportPage {
    mutating func writeCosts() {
        line("<section id=\"costs\">")
        line("<h2>Costs</h2>")
        line(
            "<p class=\"note\">\(plan.currency.map { "In \(htmlEscaped($0)). " } ?? "")\(plan.isDiscounted ? "Discounted as in the objective; t" : "T")he parts sum to the total.</p>"
        )
        let parts = plan.costs.entries.filter { $0.1 != 0 }
        let total = plan.costs.total
        let labelWidth = 100.0
        let barSpace = 340.0
        let valueWidth = 110.0
        let rowHeight = 24.0
        let width = labelWidth + barSpace + valueWidth
        let height = rowHeight * Double(max(parts.count, 1)) + 6
        let largest = parts.map(\.1).max() ?? 1
        if !parts.isEmpty {
            line("<div class=\"scroll\">")
            line(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart costs\" role=\"img\" aria-labelledby=\"costs-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.3))px;min-width:\(coordinate(width * 0.65))px\" data-scale=\"\(JSONValue.format(barSpace / largest))\">"
            )
            line("<title id=\"costs-title\">Cost by kind</title>")
            for (r, (kind, amount)) in parts.enumerated() {
                let y0 = 3 + rowHeight * Double(r)
                line(
                    "<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(kind)</text>"
                )
                line(
                    "<rect class=\"cost\" data-kind=\"\(kind)\" data-value=\"\(JSONValue.format(amount))\" x=\"\(coordinate(labelWidth))\" y=\"\(coordinate(y0 + 3))\" width=\"\(coordinate(max(0, amount) / largest * barSpace))\" height=\"\(coordinate(rowHeight - 6))\" fill=\"\(Palette.domestic)\"/>"
                )
                line(
                    "<text class=\"value\" x=\"\(coordinate(labelWidth + max(0, amount) / largest * barSpace + 6))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\">\(formatMoney(amount))</text>"
                )
            }
            line("</svg>")
            line("</div>")
        }
        line(
            "<div class=\"scroll\"><table class=\"numbers narrow\"><caption>Cost by kind</caption><thead><tr><th scope=\"col\">kind</th><th scope=\"col\">amount</th><th scope=\"col\">share</th></tr></thead><tbody>"
        )
        for (kind, amount) in parts {
            line(
                "<tr><th scope=\"row\">\(kind)</th><td>\(formatMoney(amount))</td><td>\(total > 0 ? (amount / total < 0.0005 ? "&lt;0.1%" : formatShare(amount / total)) : "–")</td></tr>"
            )
        }
        line(
            "<tr class=\"total\"><th scope=\"row\">total</th><td>\(formatMoney(total))</td><td>\(total > 0 ? "100%" : "–")</td></tr>"
        )
        line("</tbody></table></div>")
        line("</section>")
    }
}
