import Foundation
import SourcingModel

// The report's closing tables: redundancy per item, the sources the rules exclude and why, and
// the page for a scenario without a plan.

extension ReportPage {
    mutating func writeRedundancy() {
        line("<section id=\"redundancy\">")
        line("<h2>Redundancy</h2>")
        line(
            "<p class=\"note\">How concentrated supply is over the horizon. Shares are of delivered units; HHI is the sum of squared shares (1 = a single supplier). <em>Worst country loss covered</em> is the least share of a period’s demand still met if the worst single country dropped out.</p>"
        )
        line(
            "<div class=\"scroll\"><table class=\"numbers\"><caption>Redundancy per item</caption><thead><tr><th scope=\"col\">item</th><th scope=\"col\">sources used</th><th scope=\"col\">countries used</th><th scope=\"col\">largest source</th><th scope=\"col\">largest ally</th><th scope=\"col\">HHI sources</th><th scope=\"col\">HHI countries</th><th scope=\"col\">worst country loss covered</th></tr></thead><tbody>"
        )
        for item in plan.items {
            let r = item.redundancy
            func share(_ value: Double?) -> String { value.map(formatShare) ?? "–" }
            func index(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
            line(
                "<tr data-item=\"\(htmlEscaped(item.id))\"><th scope=\"row\">\(htmlEscaped(item.id))</th><td>\(r.sourcesUsed)</td><td>\(r.countriesUsed)</td><td>\(share(r.largestSourceShare))</td><td>\(share(r.largestAllyShare))</td><td>\(index(r.hhiSources))</td><td>\(index(r.hhiCountries))</td><td>\(share(r.worstCountryLossCovered))</td></tr>"
            )
        }
        line("</tbody></table></div>")
        line("</section>")
    }

    mutating func writeExcluded() {
        guard !plan.excluded.isEmpty else { return }
        line("<section id=\"excluded\">")
        line("<h2>Excluded sources</h2>")
        line("<p class=\"note\">Sources that may take no orders, with every reason that applies.</p>")
        line(
            "<div class=\"scroll\"><table class=\"list\"><caption>Excluded sources</caption><thead><tr><th scope=\"col\">source</th><th scope=\"col\">name</th><th scope=\"col\">country</th><th scope=\"col\">item</th><th scope=\"col\">reasons</th></tr></thead><tbody>"
        )
        for entry in plan.excluded {
            let source = plan.sources.first { $0.id == entry.source }
            let reasons = entry.reasons.map(ReportPage.reasonWords).joined(separator: "; ")
            line(
                "<tr data-source=\"\(htmlEscaped(entry.source))\"><th scope=\"row\">\(htmlEscaped(entry.source))</th><td>\(htmlEscaped(source?.name ?? ""))</td><td>\(htmlEscaped(source?.country ?? ""))</td><td>\(htmlEscaped(source?.item ?? ""))</td><td>\(htmlEscaped(reasons))</td></tr>"
            )
        }
        line("</tbody></table></div>")
        line("</section>")
    }

    static func reasonWords(_ reason: String) -> String {
        switch reason {
        case "embargo": "embargo on the country"
        case "exportControl": "export control: not approved for this item's category"
        case "ipProtection": "IP protection below the item's minimum"
        case "screeningDenied": "investment screening denied"
        case "screeningPending": "investment screening pending"
        default: reason
        }
    }

    mutating func writeNoPlan() {
        line("<section id=\"no-plan\">")
        line("<h2>Why there is no plan</h2>")
        if let diagnosis = plan.diagnosis, !diagnosis.isEmpty {
            line("<p>With the least total violation, these rules cannot be met:</p>")
            line("<ul class=\"diagnosis\">")
            for entry in diagnosis { line("<li>\(htmlEscaped(entry.message))</li>") }
            line("</ul>")
        } else {
            line("<p>\(htmlEscaped(statusWords)).</p>")
        }
        line("</section>")
    }

    mutating func writeFooter() {
        let s = plan.solver
        line(
            "<footer><p>Scenario SHA-256 <code>\(htmlEscaped(plan.scenario.sha256))</code>. Model: \(s.rows) rows, \(s.columns) columns (\(s.integerColumns) integer), \(s.nonzeros) nonzeros; GLPK \(htmlEscaped(s.glpkVersion)). Made by \(htmlEscaped(plan.tool.name)) \(htmlEscaped(plan.tool.version)).</p></footer>"
        )
    }
}
