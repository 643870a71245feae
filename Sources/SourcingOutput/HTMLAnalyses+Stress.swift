import Foundation
import SourcingAnalysis
import SourcingModel

// The stress-test section of the report (see HTMLAnalyses.swift).

extension ReportPage {
    /// Stress tests: per disruption, bars of the risk-exposure index on shortfall and on extra
    /// cost, and a table with every figure.
    mutating func writeStress(_ stress: StressFigures, index: Int) {
        let rows = stress.disruptions
        let by = stress.by?.rawValue ?? "country"
        let from = stress.from
        let through = stress.through
        let duration = stress.duration
        var window = ""
        if let from, let through {
            window =
                from == through
                ? " in \(htmlEscaped(from))" : " from \(htmlEscaped(from)) through \(htmlEscaped(through))"
        }
        if let duration {
            window +=
                " (\(duration) period\(duration == 1 ? "" : "s")\(stress.defaultWindow == true ? "; the default: two periods from the first period with demand" : ""))"
        }
        let money = stress.currency.map { " \(htmlEscaped($0))" } ?? ""
        let baseCost = stress.baseObjective
        let penalty = stress.stressPenalty.map { "\(formatMoney($0))\(money)" } ?? "a stress penalty"
        line(
            "<p class=\"note\">Each row knocks out one \(htmlEscaped(by))\(window) and re-plans, keeping what the base plan decided before. The bars are the risk-exposure index, each disruption’s impact over the worst one’s (1 = worst): on <em>shortfall</em> (unit-periods of demand not met on time) and on <em>extra cost</em> over the base plan’s\(baseCost.map { " \(formatMoney($0))\(money)" } ?? ""). Extra cost values what goes unmet: each unit late or never delivered at its item’s own penalties, or at \(penalty) where the scenario sets none, and each unit of a broken rule at \(penalty); the penalty part is shown on its own.</p>"
        )
        if let missing = stress.missing, missing > 0 {
            line(
                "<p class=\"note\">\(missing) disruption\(missing == 1 ? " was" : "s were") not solved (the run was stopped).</p>"
            )
        }
        guard !rows.isEmpty else {
            line("<p class=\"note\">No disruption was solved.</p>")
            return
        }

        let labelWidth = max(70, 6.6 * Double(min(28, rows.map(\.target.count).max() ?? 4)) + 16)
        let span = 300.0
        let valueWidth = 270.0
        let rowHeight = 34.0
        let top = 20.0
        let barHeight = 12.0
        let width = labelWidth + span + valueWidth
        let height = top + rowHeight * Double(rows.count) + 22
        let id = "stress-\(index)"
        line(
            "<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart stress\" role=\"img\" aria-labelledby=\"\(id)-title\" viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" style=\"max-width:\(coordinate(width * 1.4))px;min-width:\(coordinate(width * 0.7))px\" data-scale=\"\(JSONValue.format(span))\">"
        )
        line(
            "<title id=\"\(id)-title\">Risk-exposure index per knocked-out \(htmlEscaped(by)): shortfall and extra cost, relative to the worst disruption</title>"
        )
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = labelWidth + tick * span
            line(
                "<line class=\"grid\" x1=\"\(coordinate(x))\" x2=\"\(coordinate(x))\" y1=\"\(coordinate(top - 4))\" y2=\"\(coordinate(height - 18))\"/>"
            )
            line(
                "<text class=\"axis\" x=\"\(coordinate(x))\" y=\"\(coordinate(height - 6))\" text-anchor=\"middle\">\(formatIndex(tick))</text>"
            )
        }
        line(
            "<text class=\"axis\" x=\"\(coordinate(labelWidth))\" y=\"12\">exposure index (1 = worst disruption)</text>"
        )
        for (r, row) in rows.enumerated() {
            let y0 = top + rowHeight * Double(r)
            line(
                "<g class=\"stress-row\" data-target=\"\(htmlEscaped(row.target))\" data-status=\"\(htmlEscaped(row.status.rawValue))\" data-units-short=\"\(dataNumber(row.unitsShort))\" data-units-late=\"\(dataNumber(row.unitsLate))\" data-extra-cost=\"\(dataNumber(row.extraCost))\">"
            )
            let sources = row.sources.isEmpty ? "" : " (\(row.sources.joined(separator: ", ")))"
            line(
                "<text class=\"label\" x=\"\(coordinate(labelWidth - 8))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\" text-anchor=\"end\">\(htmlEscaped(truncated(row.target, to: 28)))<title>\(htmlEscaped(row.target + sources))</title></text>"
            )
            guard row.status.hasPlan else {
                line(
                    "<text class=\"axis no-plan\" data-status=\"\(htmlEscaped(row.status.rawValue))\" x=\"\(coordinate(labelWidth + 4))\" y=\"\(coordinate(y0 + rowHeight / 2 + 4))\">no plan (\(htmlEscaped(row.status.pointWords)))</text>"
                )
                line("</g>")
                continue
            }
            let shortWords: String
            if let periods = row.shortfallUnitPeriods, periods > 0 {
                let short = row.unitsShort ?? 0
                let late = row.unitsLate ?? 0
                var parts: [String] = []
                if short > 0 { parts.append("\(formatQuantity(short)) units short") }
                if late > 0 { parts.append("\(formatQuantity(late)) late") }
                shortWords =
                    parts.joined(separator: ", ")
                    + " (\(formatQuantity(periods)) unit-period\(periods == 1 ? "" : "s"))"
            } else {
                shortWords = "no shortfall"
            }
            let costWords = row.extraCost.map { "extra cost \(signedMoney($0))" } ?? "–"
            for (k, (kind, value, words, fill)) in [
                ("shortfall", row.shortfallExposure, shortWords, Palette.transfer),
                ("cost", row.costExposure, costWords, Palette.allies[1].colour),
            ].enumerated() {
                let yBar = y0 + 4 + Double(k) * (barHeight + 2)
                let w = max(0, min(1, value ?? 0)) * span
                line(
                    "<rect class=\"exposure-\(kind)\" data-target=\"\(htmlEscaped(row.target))\" data-value=\"\(dataNumber(value))\" x=\"\(coordinate(labelWidth))\" y=\"\(coordinate(yBar))\" width=\"\(coordinate(w))\" height=\"\(coordinate(barHeight))\" fill=\"\(fill)\"><title>\(htmlEscaped(row.target)): \(kind) exposure \(value.map(formatIndex) ?? "–") (\(htmlEscaped(words)))</title></rect>"
                )
                line(
                    "<text class=\"axis\" x=\"\(coordinate(labelWidth + w + 4))\" y=\"\(coordinate(yBar + barHeight / 2 + 3.7))\">\(value.map(formatIndex) ?? "–") · \(htmlEscaped(words))</text>"
                )
            }
            line("</g>")
        }
        line(
            "<line class=\"baseline\" x1=\"\(coordinate(labelWidth))\" x2=\"\(coordinate(labelWidth))\" y1=\"\(coordinate(top - 4))\" y2=\"\(coordinate(height - 18))\"/>"
        )
        line("</svg></div>")
        line(
            "<ul class=\"legend\"><li>\(swatch(fill: Palette.transfer)) shortfall exposure (upper bar)</li><li>\(swatch(fill: Palette.allies[1].colour)) cost exposure (lower bar)</li></ul>"
        )

        let multiItem = rows.contains { $0.items.count > 1 }
        var table = "<table class=\"numbers stress\"><caption>Per knocked-out \(htmlEscaped(by))</caption><thead><tr>"
        table += [
            "\(htmlEscaped(by))", "units short", "units late", "unit-periods short", "extra cost (of which penalties)",
            "lost orders: units (cost)", "time to survive", "first shortfall", "recovery (periods)",
            "exposure: shortfall / cost",
        ].map { "<th scope=\"col\">\($0)</th>" }.joined()
        table += "</tr></thead><tbody>"
        func quantity(_ v: Double?) -> String { v.map(formatQuantity) ?? "–" }
        for row in rows {
            let lost =
                row.lostUnits.map { $0 > 0 ? "\(formatQuantity($0)) (\(formatMoney(row.lostCost ?? 0)))" : "0" } ?? "–"
            let feasible = row.status == .feasible ? " <span class=\"role\">(feasible: stopped by a limit)</span>" : ""
            let head =
                "<tr data-target=\"\(htmlEscaped(row.target))\" data-status=\"\(htmlEscaped(row.status.rawValue))\"\(row.status.hasPlan ? "" : " class=\"no-plan\"")><th scope=\"row\">\(htmlEscaped(row.target))\(feasible)</th>"
            guard row.status.hasPlan else {
                table +=
                    head
                    + "<td colspan=\"9\" class=\"no-plan\">no plan: \(htmlEscaped(row.status.pointWords)); lost orders \(lost)</td></tr>"
                continue
            }
            let survive: String
            if let t = row.timeToSurvive {
                survive = row.survives == true ? "survives (\(formatQuantity(t)))" : formatQuantity(t)
            } else {
                survive = "–"
            }
            let recovery = row.recoveryPeriods.map(formatQuantity) ?? "not by the end"
            table +=
                head
                + "<td>\(quantity(row.unitsShort))</td><td>\(quantity(row.unitsLate))</td><td>\(quantity(row.shortfallUnitPeriods))</td>"
            table +=
                "<td>\(row.extraCost.map(signedMoney) ?? "–")\(row.extraPenalty.map { " (\(formatMoney($0)))" } ?? "")</td><td>\(lost)</td><td>\(survive)</td><td>\(htmlEscaped(row.firstShortfall ?? "none"))</td><td>\(recovery)</td>"
            table +=
                "<td>\(row.shortfallExposure.map(formatIndex) ?? "–") / \(row.costExposure.map(formatIndex) ?? "–")</td></tr>"
            if multiItem {
                for item in row.items where (item.unitsShort ?? 0) > 0 || (item.unitsLate ?? 0) > 0 {
                    table +=
                        "<tr class=\"sub\"><th scope=\"row\" class=\"sub\">\(htmlEscaped(item.id))</th><td>\(quantity(item.unitsShort))</td><td>\(quantity(item.unitsLate))</td><td></td><td></td><td></td><td></td><td>\(htmlEscaped(item.firstShortfall ?? "none"))</td><td></td><td></td></tr>"
                }
            }
        }
        table += "</tbody></table>"
        writeCollapsible(table, rows: rows.count, summary: "All \(rows.count) disruptions (table)")
        let start = from.map(htmlEscaped) ?? "the start"
        line(
            "<p class=\"note\"><em>Time to survive</em>: periods from \(start) until the first shortfall the base plan does not have (“survives” when none falls inside the disruption). <em>Recovery</em>: periods after the disruption ends until that shortfall is cleared. <em>Lost orders</em>: units ordered before the disruption from the knocked-out lines and not delivered; their cost is in the extra cost.</p>"
        )
        let rules = rows.flatMap { row in row.relaxedRules.map { (row.target, $0) } }
        if !rules.isEmpty {
            let penalty =
                stress.stressPenalty.map { " (each soft at \(formatQuantity($0)) per unit of violation)" } ?? ""
            let items =
                "<ul class=\"diagnosis\">"
                + rules.map { "<li><strong>\(htmlEscaped($0.0))</strong>: \(htmlEscaped($0.1))</li>" }.joined()
                + "</ul>"
            if rules.count > 10 {
                line(
                    "<details class=\"table\"><summary>\(rules.count) rules the re-plans cannot keep\(penalty)</summary>\(items)</details>"
                )
            } else {
                line("<p class=\"note\">Rules the re-plans cannot keep\(penalty):</p>")
                line(items)
            }
        }
    }
}
