import Foundation
import SourcingModel

// The plan as tidy CSV tables for spreadsheets: one observation per row, a header row, RFC 4180
// quoting and CRLF line ends, dot decimals without thousands separators (shortest round-trip
// form, as in the plan JSON), UTF-8 without a byte order mark. Column names are the plan JSON's
// keys. Empty cells stand for null. Text that a spreadsheet would run as a formula (starting
// with = + - @) is prefixed with an apostrophe.

/// One CSV file of a plan: its file name and its text.
public struct CSVTable: Sendable, Equatable {
    /// File name, e.g. `item-periods.csv`.
    public var name: String
    public var text: String
}

extension Plan {
    /// The plan as tidy tables, in this order:
    /// - `item-periods.csv`: item, period, demand, delivered, domestic, allied, inventory, backlog, domesticShare,
    ///   unit (what the quantities count), name
    /// - `source-periods.csv`: source, country, item, period, orders, deliveries, utilization, reserve, name
    /// - `onshoring.csv`: source, transferComplete, facilityInvestment, facilityReady, firstProduction, unitsHome, unitsAbroad
    /// - `redundancy.csv`: item, sourcesUsed, countriesUsed, largestSourceShare, largestAllyShare, hhiSources, hhiCountries, worstCountryLossCovered
    /// - `costs.csv`: kind, amount, currency (discounted; the amounts sum to the objective)
    /// - `spending.csv`: period, spending, budget, currency (undiscounted, as the budget counts it)
    /// - `excluded.csv`: source, reason (one row per reason)
    ///
    /// Plans of scenarios with components add a last `consumed` column to `item-periods.csv` and
    /// the tables `component-draws.csv` and `component-countries.csv`; with capacity pools,
    /// `capacity-pools.csv` (see `linkTables`). Other plans give exactly the tables above.
    public var csvTables: [CSVTable] {
        let n = CSVWriter.number, o = CSVWriter.optional, s = CSVWriter.text
        let withConsumed = items.contains { $0.consumed != nil }
        var itemRows = [["item", "period", "demand", "delivered", "domestic", "allied", "inventory", "backlog", "domesticShare", "unit", "name"]
                        + (withConsumed ? ["consumed"] : [])]
        for item in items {
            for (t, period) in periods.enumerated() {
                itemRows.append([s(item.id), s(period), n(item.demand[t]), n(item.delivered[t]), n(item.domestic[t]),
                                 n(item.allied[t]), n(item.inventory[t]), n(item.backlog[t]), o(item.domesticShare[t]),
                                 item.unit.map(s) ?? "", item.name.map(s) ?? ""]
                                + (withConsumed ? [o(item.consumed?[t])] : []))
            }
        }
        var sourceRows = [["source", "country", "item", "period", "orders", "deliveries", "utilization", "reserve", "name"]]
        for source in sources {
            for (t, period) in periods.enumerated() {
                sourceRows.append([s(source.id), s(source.country), s(source.item), s(period), n(source.orders[t]),
                                   n(source.deliveries[t]), o(source.utilization[t]), o(source.reserve?[t]), source.name.map(s) ?? ""])
            }
        }
        var onshoringRows = [["source", "transferComplete", "facilityInvestment", "facilityReady", "firstProduction", "unitsHome", "unitsAbroad"]]
        for line in onshoring {
            onshoringRows.append([s(line.source), line.transferComplete.map(s) ?? "", line.facilityInvestment.map(s) ?? "",
                                  line.facilityReady.map(s) ?? "", line.firstProduction.map(s) ?? "", n(line.unitsHome), o(line.unitsAbroad)])
        }
        var redundancyRows = [["item", "sourcesUsed", "countriesUsed", "largestSourceShare", "largestAllyShare", "hhiSources", "hhiCountries", "worstCountryLossCovered"]]
        for item in items {
            let r = item.redundancy
            redundancyRows.append([s(item.id), String(r.sourcesUsed), String(r.countriesUsed), o(r.largestSourceShare),
                                   o(r.largestAllyShare), o(r.hhiSources), o(r.hhiCountries), o(r.worstCountryLossCovered)])
        }
        let money = currency.map(s) ?? ""
        var costRows = [["kind", "amount", "currency"]]
        for (kind, amount) in costs.entries { costRows.append([kind, n(amount), money]) }
        var spendingRows = [["period", "spending", "budget", "currency"]]
        for (t, period) in periods.enumerated() where spending.count == periods.count {
            spendingRows.append([s(period), n(spending[t]), o(budget?[t]), money])
        }
        var excludedRows = [["source", "reason"]]
        for entry in excluded { for reason in entry.reasons { excludedRows.append([s(entry.source), s(reason)]) } }
        return [
            CSVTable(name: "item-periods.csv", text: CSVWriter.table(itemRows)),
            CSVTable(name: "source-periods.csv", text: CSVWriter.table(sourceRows)),
            CSVTable(name: "onshoring.csv", text: CSVWriter.table(onshoringRows)),
            CSVTable(name: "redundancy.csv", text: CSVWriter.table(redundancyRows)),
            CSVTable(name: "costs.csv", text: CSVWriter.table(costRows)),
            CSVTable(name: "spending.csv", text: CSVWriter.table(spendingRows)),
            CSVTable(name: "excluded.csv", text: CSVWriter.table(excludedRows)),
        ] + linkTables
    }

    /// The tables of components and pools, each only when the plan has them:
    /// - `component-draws.csv`: item, component, period, drawn, domestic, allied, fromInitialInventory
    ///   (what the item's lines draw of each component, and its origin)
    /// - `component-countries.csv`: item, component, country, period, units (the drawn units by
    ///   the country of the component source that made them)
    /// - `capacity-pools.csv`: pool, period, used, utilization
    var linkTables: [CSVTable] {
        let n = CSVWriter.number, o = CSVWriter.optional, s = CSVWriter.text
        var tables: [CSVTable] = []
        if items.contains(where: { $0.components != nil }) {
            var draws = [["item", "component", "period", "drawn", "domestic", "allied", "fromInitialInventory"]]
            var countries = [["item", "component", "country", "period", "units"]]
            for item in items {
                for component in item.components ?? [] {
                    for (t, period) in periods.enumerated() {
                        draws.append([s(item.id), s(component.item), s(period), n(component.drawn[t]), n(component.domestic[t]),
                                      n(component.allied[t]), n(component.fromInitialInventory[t])])
                    }
                    for country in component.byCountry {
                        for (t, period) in periods.enumerated() {
                            countries.append([s(item.id), s(component.item), s(country.id), s(period), n(country.values[t])])
                        }
                    }
                }
            }
            tables.append(CSVTable(name: "component-draws.csv", text: CSVWriter.table(draws)))
            tables.append(CSVTable(name: "component-countries.csv", text: CSVWriter.table(countries)))
        }
        if let capacityPools {
            var rows = [["pool", "period", "used", "utilization"]]
            for pool in capacityPools {
                for (t, period) in periods.enumerated() { rows.append([s(pool.id), s(period), n(pool.used[t]), o(pool.utilization[t])]) }
            }
            tables.append(CSVTable(name: "capacity-pools.csv", text: CSVWriter.table(rows)))
        }
        return tables
    }
}

/// RFC 4180 writing for the plan's tables.
enum CSVWriter {
    static func number(_ value: Double) -> String { JSONValue.format(value) }
    static func optional(_ value: Double?) -> String { value.map(number) ?? "" }

    /// A text cell, defused against spreadsheet formulas.
    static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return value }
        return "'" + value
    }

    /// Rows joined with commas and CRLF; fields with a comma, quote or line break are quoted.
    static func table(_ rows: [[String]]) -> String {
        var out = ""
        for row in rows {
            out += row.map(field).joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
