import Foundation
import SourcingModel
import SourcingScenario

// A plan comparison as the JSON document and the text a reviewer reads.

extension PlanComparison {
    /// The comparison as an ordered JSON document (`"kind": "comparison"`).
    public var json: JSONValue {
        func change(_ c: Change) -> [(String, JSONValue)] {
            [("before", JSONValue(c.before)), ("after", JSONValue(c.after)), ("change", JSONValue(c.change))]
        }
        func side(_ plan: Plan) -> JSONValue {
            .object([
                (
                    "scenario",
                    .object([("name", .string(plan.scenario.name)), ("sha256", .string(plan.scenario.sha256))])
                ),
                ("currency", JSONValue(plan.currency)),
                ("status", .string(plan.status.rawValue)),
                ("objective", JSONValue(plan.objective)),
            ])
        }
        func source(_ s: SourceChange) -> JSONValue {
            .object(
                [("source", .string(s.source)), ("country", .string(s.country)), ("item", .string(s.item))]
                    + change(s.units))
        }
        return .object([
            ("kind", .string("comparison")),
            ("schemaVersion", .number(1)),
            ("before", side(before)),
            ("after", side(after)),
            ("sameScenario", .bool(sameScenario)),
            ("differences", .bool(hasDifferences)),
            ("objective", .object(change(objective))),
            ("costs", .array(costs.map { .object([("kind", .string($0.kind))] + change($0.amount)) })),
            ("spending", .array(spending.map { .object([("period", .string($0.period))] + change($0.value)) })),
            ("budget", .array(budget.map { .object([("period", .string($0.period))] + change($0.value)) })),
            (
                "items",
                .array(
                    items.map { item in
                        .object([
                            ("item", .string(item.item)),
                            ("presence", .string(item.presence.rawValue)),
                            ("domesticShare", .object(change(item.domesticShare))),
                            (
                                "periods",
                                .array(
                                    item.periods.map { p in
                                        var members: [(String, JSONValue)] = [
                                            ("period", .string(p.period)), ("series", .string(p.series)),
                                        ]
                                        if let country = p.country { members.append(("country", .string(country))) }
                                        return .object(members + change(p.value))
                                    })
                            ),
                        ])
                    })
            ),
            (
                "sources",
                .object([
                    ("added", .array(sourcesAdded.map(source))),
                    ("dropped", .array(sourcesDropped.map(source))),
                    ("resized", .array(sourcesResized.map(source))),
                ])
            ),
            (
                "onshoring",
                .array(
                    onshoring.map {
                        .object([
                            ("source", .string($0.source)), ("milestone", .string($0.milestone)),
                            ("before", JSONValue($0.before)), ("after", JSONValue($0.after)),
                        ])
                    })
            ),
            (
                "excluded",
                .array(
                    excluded.map {
                        .object([
                            ("source", .string($0.source)), ("before", .array($0.before.map { .string($0) })),
                            ("after", .array($0.after.map { .string($0) })),
                        ])
                    })
            ),
        ])
    }

    /// The comparison as text for a reader; `beforeLabel` and `afterLabel` name the plans (file names).
    public func text(beforeLabel: String = "A", afterLabel: String = "B") -> String {
        var out: [String] = []
        // A table indented by two: the first column padded on the right, the others on the left.
        func appendTable(_ rows: [[String]]) {
            let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                let cells = row.enumerated().map { c, cell in
                    c == 0 ? cell.padding(widths[c]) : leftPad(cell, widths[c])
                }
                out.append("  " + cells.joined(separator: "  "))
            }
        }
        func describe(_ plan: Plan) -> String {
            "\(printableLabel(plan.scenario.name)), \(plan.status.rawValue)"
                + (plan.objective.map { ", total cost \(formatMoney($0))\(plan.moneySuffix)" } ?? "")
        }
        out.append("A: \(beforeLabel) (\(describe(before)))")
        out.append("B: \(afterLabel) (\(describe(after)))")
        if before.currency != after.currency {
            out.append(
                "Note: the plans count money in different currencies (\(before.currency ?? "none") and \(after.currency ?? "none")); their costs do not compare."
            )
        }
        if !sameScenario {
            func short(_ sha: String) -> String { sha.count > 12 ? String(sha.prefix(12)) + "…" : sha }
            out.append(
                "Note: the plans answer different scenario files (SHA-256 \(short(before.scenario.sha256)) and \(short(after.scenario.sha256))): the differences below come from the inputs as well as the plans."
            )
        }
        if !hasDifferences {
            out.append("")
            out.append(
                "No differences in status, costs, spending, budget, deliveries, sources, onshoring or exclusions.")
            return terminalSafe(out.joined(separator: "\n") + "\n")
        }
        out.append("")
        if before.status != after.status { out.append("Status: \(before.status.rawValue) → \(after.status.rawValue)") }
        let money = after.currency ?? before.currency
        out.append("Total cost\(money.map { " (\($0))" } ?? ""): " + changeText(objective, money: true))

        if !costs.isEmpty {
            out.append("")
            out.append(
                "Cost by kind\(before.isDiscounted || after.isDiscounted ? " (\([money, "discounted"].compactMap { $0 }.joined(separator: ", ")))" : money.map { " (\($0))" } ?? "")"
            )
            let width = costs.map(\.kind.count).max() ?? 0
            for cost in costs {
                out.append("  " + cost.kind.padding(width) + "  " + changeText(cost.amount, money: true))
            }
        }
        if !spending.isEmpty || !budget.isEmpty {
            // One column per period with a change, cells "a→b" ("–": no figure, e.g. no plan).
            let periods = unionOfIDs(before.periods, after.periods).filter { label in
                (spending + budget).contains { $0.period == label }
            }
            var rows: [[String]] = [["period"] + periods]
            for (label, list) in [("spending", spending), ("budget", budget)] where !list.isEmpty {
                rows.append(
                    [label]
                        + periods.map { label in
                            guard let change = list.first(where: { $0.period == label }) else { return "" }
                            return
                                "\(change.value.before.map(formatMoneyCell) ?? "–")→\(change.value.after.map(formatMoneyCell) ?? "–")"
                        })
            }
            out.append("")
            out.append(
                "Spending per period\(budget.isEmpty ? "" : " and budget") (\([money, "undiscounted"].compactMap { $0 }.joined(separator: ", ")))"
            )
            appendTable(rows)
        }
        for item in items {
            out.append("")
            switch item.presence {
            case .added: out.append("\(item.item): only in B")
            case .removed: out.append("\(item.item): only in A")
            case .both:
                var header = "\(item.item)"
                if !sameFigure(item.domesticShare.before, item.domesticShare.after) {
                    header +=
                        ": domestic share \(item.domesticShare.before.map(formatShare) ?? "–") → \(item.domesticShare.after.map(formatShare) ?? "–")"
                }
                out.append(header)
            }
            // A table: one row per series, one column per period with a change, cells "a→b".
            let periods = unionOfIDs(before.periods, after.periods).filter { label in
                item.periods.contains { $0.period == label }
            }
            guard !periods.isEmpty else { continue }
            // Rows in a fixed order: the split, then deliveries by country, then stock.
            var rowKeys: [(label: String, series: String, country: String?)] = []
            let countries = item.periods.compactMap(\.country).reduce(into: [String]()) {
                if !$0.contains($1) { $0.append($1) }
            }
            let candidates: [(String, String, String?)] =
                [
                    ("delivered", "delivered", nil), ("  domestic content", "domestic", nil),
                    ("  allied content", "allied", nil),
                ]
                + countries.map { ("from \($0)", "byCountry", $0) } + [
                    ("inventory", "inventory", nil), ("backlog", "backlog", nil),
                ]
            for (label, series, country) in candidates
            where item.periods.contains(where: { $0.series == series && $0.country == country }) {
                rowKeys.append((label, series, country))
            }
            var rows: [[String]] = [["period"] + periods]
            for key in rowKeys {
                rows.append(
                    [key.label]
                        + periods.map { label in
                            guard
                                let change = item.periods.first(where: {
                                    $0.period == label && $0.series == key.series && $0.country == key.country
                                })
                            else { return "" }
                            return
                                "\(formatQuantity(change.value.before ?? 0))→\(formatQuantity(change.value.after ?? 0))"
                        })
            }
            appendTable(rows)
        }
        if !sourcesAdded.isEmpty || !sourcesDropped.isEmpty || !sourcesResized.isEmpty {
            out.append("")
            out.append("Sources (units ordered)")
            for s in sourcesAdded {
                out.append("  added:   \(s.source) (\(s.country), \(s.item)) \(formatQuantity(s.units.after ?? 0))")
            }
            for s in sourcesDropped {
                out.append(
                    "  dropped: \(s.source) (\(s.country), \(s.item)) was \(formatQuantity(s.units.before ?? 0))")
            }
            for s in sourcesResized {
                out.append(
                    "  changed: \(s.source) (\(s.country), \(s.item)) \(formatQuantity(s.units.before ?? 0)) → \(formatQuantity(s.units.after ?? 0))"
                )
            }
        }
        if !onshoring.isEmpty {
            out.append("")
            out.append("Onshoring milestones")
            var lines: [(String, [String])] = []
            for m in onshoring {
                let words =
                    [
                        "transferComplete": "transfer complete", "facilityInvestment": "facility invested",
                        "facilityReady": "ready", "firstProduction": "first production",
                    ][m.milestone] ?? m.milestone
                let text = "\(words) \(m.before ?? "never") → \(m.after ?? "never")"
                if let index = lines.firstIndex(where: { $0.0 == m.source }) {
                    lines[index].1.append(text)
                } else {
                    lines.append((m.source, [text]))
                }
            }
            for (source, texts) in lines { out.append("  \(source): " + texts.joined(separator: "; ")) }
        }
        if !excluded.isEmpty {
            out.append("")
            out.append("Excluded sources")
            for e in excluded {
                func reasons(_ list: [String]) -> String { list.isEmpty ? "eligible" : list.joined(separator: ", ") }
                out.append("  \(e.source): \(reasons(e.before)) → \(reasons(e.after))")
            }
        }
        // Plan files may hold any text: no control character reaches a terminal.
        return terminalSafe(out.joined(separator: "\n") + "\n")
    }

    func changeText(_ c: Change, money: Bool) -> String {
        func format(_ value: Double) -> String { money ? formatMoney(value) : formatQuantity(value) }
        let beforeText = c.before.map { format($0) } ?? "–"
        let afterText = c.after.map { format($0) } ?? "–"
        var text = "\(beforeText) → \(afterText)"
        if let delta = c.change, let base = c.before {
            let sign = delta >= 0 ? "+" : "−"
            text += " (" + sign + format(abs(delta))
            if abs(base) > 1e-9 { text += ", " + sign + formatShare(abs(delta / base)) }
            text += ")"
        }
        return text
    }
}
