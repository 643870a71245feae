import Foundation
import SourcingAnalysis
import SourcingModel

// Analysis documents in the report, drawn from the documents the CLI writes:
// - sweep (`SweepDocument.json`): one parameter → total cost against its value; two → a heat map
//   of total cost over the grid; any number → a table of every point. Points without a plan
//   are marked (a cross on the axis, a hatched cell) with their status.
// - tornado (`tornadoJSON`): per input, the change in total cost at its low and at its high
//   value, each on its own half of the row, so a missing side's "no plan" never meets the other
//   side's label; the full parameter paths are in each label's tooltip and in the table.
// - frontier (`frontierJSON`): total cost against the required domestic share, with the shares
//   that cannot be reached marked, and a table with the extra cost of each step.
// - stress (`stressJSON`): per disruption, bars of the risk-exposure index (shortfall and cost)
//   and a table with every figure.
// Each document is first read into its typed figures (AnalysisReading.swift: `SweepFigures`,
// `TornadoFigures`, `FrontierFigures`, `StressFigures`); one that cannot be read gets a note
// naming the key, in the page and in `notes` (the CLI prints those on stderr), instead of
// failing the whole report. Charts carry the documents' numbers in `data-*` attributes.
// One file per kind: HTMLAnalyses+Sweep, +Tornado, +Frontier (with the line chart sweeps share
// with it), +Stress; this file has the section around them and the words and numbers they share.

// MARK: - Words and numbers

/// A number for a data-* attribute ("null" when missing or not finite).
func dataNumber(_ value: Double?) -> String { value.map(JSONValue.format) ?? "null" }

extension PlanStatus {
    /// The status as words for a note or a tooltip.
    var pointWords: String {
        switch self {
        case .optimal: "optimal"
        case .feasible: "feasible (stopped by a limit)"
        case .infeasible: "infeasible"
        case .unbounded: "unbounded"
        case .timeLimit: "time limit"
        case .error: "solver error"
        }
    }
}

/// Money in tight places: whole above 1,000 ("6,110"), else one decimal.
func compactMoney(_ value: Double) -> String {
    guard abs(value) >= 1000 else { return formatMoney(value) }
    return String(formatMoney(value.rounded()).dropLast(2))
}

/// A value for axis labels and tables: at most four significant figures after the point
/// ("335.7", "0.0825", "1,250"); tooltips and data-* attributes keep the exact value.
func shortQuantity(_ value: Double) -> String {
    let magnitude = abs(value)
    let decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : magnitude >= 1 ? 3 : 4
    let factor = pow(10, Double(decimals))
    return formatQuantity((value * factor).rounded() / factor)
}

/// A parameter path cut to `length` characters, keeping the field after the bracketed id
/// ("sources[gulf-coa…].onshoring.facility.cost"); the full path goes in a tooltip.
func shortPath(_ path: String, to length: Int) -> String {
    guard path.count > length else { return path }
    if let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]") {
        let head = path[...open]
        let id = path[path.index(after: open)..<close]
        let tail = path[close...]
        let room = length - head.count - tail.count - 1
        if room >= 4 { return head + id.prefix(room) + "…" + tail }
    }
    return String(path.prefix(max(1, length - 1))) + "…"
}

/// A parameter path for a table cell: escaped, with line-break opportunities after "." and "]"
/// so a narrow column breaks it between its parts.
func breakablePath(_ path: String) -> String {
    var out = ""
    for character in path {
        out += htmlEscaped(String(character))
        if character == "." || character == "]" { out += "<wbr/>" }
    }
    return out
}

/// The cost axis of a sweep or frontier: "total cost (USD millions)", from the document's currency.
func costAxisTitle(_ currency: String?) -> String { "total cost" + (currency.map { " (\($0))" } ?? "") }

/// A signed change in money: "+7.2", "−3.0".
func signedMoney(_ value: Double) -> String { (value < 0 ? "−" : "+") + formatMoney(abs(value)) }

/// An index in 0…1 with two decimals.
func formatIndex(_ value: Double) -> String { String(format: "%.2f", value) }

extension ReportPage {
    mutating func writeAnalyses(_ documents: [AnalysisDocument]) {
        line("<section id=\"analyses\">")
        line("<h2>Analyses</h2>")
        for (index, document) in documents.enumerated() {
            line("<section class=\"analysis\" id=\"analysis-\(index)\" data-kind=\"\(document.kind.rawValue)\">")
            let scenario = document.scenarioName.map { " of \(htmlEscaped($0))" } ?? ""
            line(
                "<h3>\(ReportPage.analysisTitle(document.kind))\(scenario) <span class=\"role\">(\(htmlEscaped(document.label)))</span></h3>"
            )
            if let sha = document.scenarioSHA256, sha != plan.scenario.sha256 {
                line(
                    "<p class=\"note warning\">This analysis is of another scenario file than the plan above (SHA-256 <code>\(htmlEscaped(String(sha.prefix(12))))…</code>, the plan’s <code>\(htmlEscaped(String(plan.scenario.sha256.prefix(12))))…</code>); its base cost need not match the plan’s.</p>"
                )
            }
            if let problem = writeAnalysis(document, index: index) {
                line("<p class=\"note\">Not drawn: \(htmlEscaped(problem)).</p>")
                notes.append("\(document.label): \(document.kind.rawValue) document not drawn: \(problem)")
            }
            line("</section>")
        }
        line("</section>")
    }

    /// Reads a document into its figures and draws them; what kept it from being drawn, if anything.
    mutating func writeAnalysis(_ document: AnalysisDocument, index: Int) -> String? {
        do throws(PlanReadError) {
            switch document.kind {
            case .sweep: writeSweep(try SweepFigures(json: document.json), index: index)
            case .tornado: return writeTornado(try TornadoFigures(json: document.json), index: index)
            case .frontier: writeFrontier(try FrontierFigures(json: document.json), index: index)
            case .stress: writeStress(try StressFigures(json: document.json), index: index)
            }
            return nil
        } catch {
            return error.description
        }
    }

    static func analysisTitle(_ kind: AnalysisKind) -> String {
        switch kind {
        case .sweep: "Parameter sweep"
        case .tornado: "Tornado: which inputs move the cost most"
        case .frontier: "Cost-of-onshoring frontier"
        case .stress: "Stress tests: knock out one supplier at a time"
        }
    }

    /// A table inline, or folded under a summary when long (it stays searchable and printable
    /// when opened).
    mutating func writeCollapsible(_ table: String, rows: Int, summary: String) {
        if rows > 40 {
            line(
                "<details class=\"table\"><summary>\(htmlEscaped(summary))</summary><div class=\"scroll\">\(table)</div></details>"
            )
        } else {
            line("<div class=\"scroll\">\(table)</div>")
        }
    }
}
