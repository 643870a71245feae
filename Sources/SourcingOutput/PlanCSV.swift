import Foundation
import SourcingModel
import Spreadsheet

// The plan as tidy CSV tables for spreadsheets: one observation per row, a header row, RFC 4180
// quoting and CRLF line ends, dot decimals without thousands separators (shortest round-trip
// form, as in the plan JSON), UTF-8 without a byte order mark. Column names are the plan JSON's
// keys. Empty cells stand for null. Text that a spreadsheet would run as a formula (starting
// with = + - @) is prefixed with an apostrophe. The same tables become the sheets of the plan
// workbook (PlanWorkbook.swift).

/// One CSV file of a plan: its file name and its text.
public struct CSVTable: Sendable, Equatable {
    /// File name, e.g. `item-periods.csv`.
    public var name: String
    public var text: String
}

extension Plan {
    /// The plan as tidy CSV tables, in the order of `tables`, each named `NAME.csv`.
    public var csvTables: [CSVTable] {
        tables.map { CSVTable(name: "\($0.name).csv", text: $0.csv) }
    }

    /// The plan as typed tables (CSV files, or workbook sheets), in this order:
    /// - `item-periods`: item, period, demand, delivered, domestic, allied, inventory, backlog, domesticShare,
    ///   unit (what the quantities count), name
    /// - `source-periods`: source, country, item, period, orders, deliveries, utilization, reserve, name
    /// - `onshoring`: source, transferComplete, facilityInvestment, facilityReady, firstProduction, unitsHome,
    ///   unitsAbroad
    /// - `redundancy`: item, sourcesUsed, countriesUsed, largestSourceShare, largestAllyShare, hhiSources,
    ///   hhiCountries, worstCountryLossCovered
    /// - `costs`: kind, amount, currency (money, discounted; the amounts sum to the objective)
    /// - `spending`: period, spending, budget, currency (money, undiscounted, as the budget counts it)
    /// - `excluded`: source, reason (one row per reason)
    ///
    /// Plans of scenarios with components add a last `consumed` column to `item-periods` and the
    /// tables `component-draws` and `component-countries`; with capacity pools, `capacity-pools`
    /// (see `linkTables`). Other plans give exactly the tables above.
    public var tables: [OutputTable] {
        let n = TableCell.number
        let s = TableCell.text
        let o: (Double?) -> TableCell = TableCell.optional
        let withConsumed = items.contains { $0.consumed != nil }
        var itemRows: [[TableCell]] = [
            [
                "item", "period", "demand", "delivered", "domestic", "allied", "inventory", "backlog", "domesticShare",
                "unit", "name",
            ]
                + (withConsumed ? ["consumed"] : [])
        ]
        for item in items {
            for (t, period) in periods.enumerated() {
                itemRows.append(
                    [
                        s(item.id), s(period), n(item.demand[t]), n(item.delivered[t]), n(item.domestic[t]),
                        n(item.allied[t]), n(item.inventory[t]), n(item.backlog[t]), o(item.domesticShare[t]),
                        item.unit.map(s) ?? "", item.name.map(s) ?? "",
                    ]
                        + (withConsumed ? [o(item.consumed?[t])] : []))
            }
        }
        var sourceRows: [[TableCell]] = [
            ["source", "country", "item", "period", "orders", "deliveries", "utilization", "reserve", "name"]
        ]
        for source in sources {
            for (t, period) in periods.enumerated() {
                sourceRows.append([
                    s(source.id), s(source.country), s(source.item), s(period), n(source.orders[t]),
                    n(source.deliveries[t]), o(source.utilization[t]), o(source.reserve?[t]), source.name.map(s) ?? "",
                ])
            }
        }
        var onshoringRows: [[TableCell]] = [
            [
                "source", "transferComplete", "facilityInvestment", "facilityReady", "firstProduction", "unitsHome",
                "unitsAbroad",
            ]
        ]
        for line in onshoring {
            onshoringRows.append([
                s(line.source), line.transferComplete.map(s) ?? "", line.facilityInvestment.map(s) ?? "",
                line.facilityReady.map(s) ?? "", line.firstProduction.map(s) ?? "", n(line.unitsHome),
                o(line.unitsAbroad),
            ])
        }
        var redundancyRows: [[TableCell]] = [
            [
                "item", "sourcesUsed", "countriesUsed", "largestSourceShare", "largestAllyShare", "hhiSources",
                "hhiCountries", "worstCountryLossCovered",
            ]
        ]
        for item in items {
            let r = item.redundancy
            redundancyRows.append([
                s(item.id), n(Double(r.sourcesUsed)), n(Double(r.countriesUsed)), o(r.largestSourceShare),
                o(r.largestAllyShare), o(r.hhiSources), o(r.hhiCountries), o(r.worstCountryLossCovered),
            ])
        }
        let money = currency.map(s) ?? ""
        var costRows: [[TableCell]] = [["kind", "amount", "currency"]]
        // Without a plan (infeasible, time limit) costs and spending are empty cells, not zeros.
        let planned = status.hasPlan
        for (kind, amount) in costs.entries { costRows.append([s(kind), planned ? n(amount) : .empty, money]) }
        var spendingRows: [[TableCell]] = [["period", "spending", "budget", "currency"]]
        for (t, period) in periods.enumerated() where spending.count == periods.count || !planned {
            spendingRows.append([s(period), planned ? n(spending[t]) : .empty, o(budget?[t]), money])
        }
        var excludedRows: [[TableCell]] = [["source", "reason"]]
        for entry in excluded { for reason in entry.reasons { excludedRows.append([s(entry.source), s(reason)]) } }
        return [
            table("item-periods", itemRows),
            table("source-periods", sourceRows),
            table("onshoring", onshoringRows),
            table("redundancy", redundancyRows),
            table("costs", costRows, money: ["amount"]),
            table("spending", spendingRows, money: ["spending", "budget"]),
            table("excluded", excludedRows),
        ] + linkTables
    }

    /// The tables of components and pools, each only when the plan has them:
    /// - `component-draws`: item, component, period, drawn, domestic, allied, fromInitialInventory
    ///   (what the item's lines draw of each component, and its origin)
    /// - `component-countries`: item, component, country, period, units (the drawn units by the
    ///   country of the component source that made them)
    /// - `capacity-pools`: pool, period, used, utilization
    var linkTables: [OutputTable] {
        let n = TableCell.number
        let s = TableCell.text
        let o: (Double?) -> TableCell = TableCell.optional
        var tables: [OutputTable] = []
        if items.contains(where: { $0.components != nil }) {
            var draws: [[TableCell]] = [
                ["item", "component", "period", "drawn", "domestic", "allied", "fromInitialInventory"]
            ]
            var countries: [[TableCell]] = [["item", "component", "country", "period", "units"]]
            for item in items {
                for component in item.components ?? [] {
                    for (t, period) in periods.enumerated() {
                        draws.append([
                            s(item.id), s(component.item), s(period), n(component.drawn[t]), n(component.domestic[t]),
                            n(component.allied[t]), n(component.fromInitialInventory[t]),
                        ])
                    }
                    for country in component.byCountry {
                        for (t, period) in periods.enumerated() {
                            countries.append([
                                s(item.id), s(component.item), s(country.id), s(period), n(country.values[t]),
                            ])
                        }
                    }
                }
            }
            tables.append(table("component-draws", draws))
            tables.append(table("component-countries", countries))
        }
        if let capacityPools {
            var rows: [[TableCell]] = [["pool", "period", "used", "utilization"]]
            for pool in capacityPools {
                for (t, period) in periods.enumerated() {
                    rows.append([s(pool.id), s(period), n(pool.used[t]), o(pool.utilization[t])])
                }
            }
            tables.append(table("capacity-pools", rows))
        }
        return tables
    }
}

/// A table whose first row is its header.
func table(_ name: String, _ rows: [[TableCell]], money: [String] = []) -> OutputTable {
    let header = rows.first?.map { cell -> String in if case .text(let text) = cell { text } else { "" } } ?? []
    return OutputTable(name: name, header: header, moneyColumns: money, rows: Array(rows.dropFirst()))
}

/// RFC 4180 writing for the plan's tables: the project's one CSV rule (Spreadsheet.CSVSheet).
enum CSVWriter {
    static func number(_ value: Double) -> String { JSONValue.format(value) }
    static func optional(_ value: Double?) -> String { value.map(number) ?? "" }

    /// A text cell, defused against spreadsheet formulas.
    static func text(_ value: String) -> String { CSVSheet.defused(value) }

    /// Rows joined with commas and CRLF; fields with a comma, quote or line break are quoted.
    static func table(_ rows: [[String]]) -> String { CSVSheet.table(rows) }

    static func field(_ value: String) -> String { CSVSheet.quoted(value) }
}
