import LinearSolver
import SourcingScenario

// Resilience (format: ../shared/design/scenario-format.md, "Resilience"): reserves r[s,t] beside
// the orders of every eligible source of an item with a `resilience` rule, and the N-1 coverage
// rows. The capacity rows of such a source are written on r (capacityColumns(of:)).

extension ModelBuilder {
    /// Reserves (format: "Resilience": "each eligible source of the item holds a continuous
    /// reserve r_{s,t} wherever it has an order variable, with x_{s,t} ≤ r_{s,t}"): a column r per
    /// order period, bounded by the capacity, and the row x − r ≤ 0.
    ///
    /// Why the reserve cost is charged on the unused part only, reserveCost·(r − x): `reserveCost`
    /// is the price of capacity held in reserve *but unused*. An ordered unit already pays its unit
    /// cost; charging reserveCost on all of r would bill that unit twice and make the rule dearest
    /// exactly where a line delivers. So r carries +reserveCost and the order −reserveCost
    /// (addOrderColumns; the budget row likewise), and r ≥ x keeps the sum ≥ 0. Not scaled by
    /// `costShare`, which applies to `unitCost` only.
    mutating func addReserves(of s: Int, periods: ClosedRange<Int>) {
        let source = scenario.sources[s]
        for t in periods {
            guard let x = sourceColumns[s].order[t] else { continue }  // there is one in every period given
            let r = model.addColumn(
                lower: 0, upper: source.capacity[t], objective: discount[t] * source.reserveCost,
                name: name("reserve", source.id, label(t)))
            sourceColumns[s].reserve[t] = r
            // Orders draw on the reserve: x ≤ r.
            let row = model.addRow(upper: 0, name: name("reserveHolds", source.id, label(t)))
            model.addEntry(row: row, column: x, value: 1)
            model.addEntry(row: row, column: r, value: -1)
        }
    }

    /// N-1 coverage (format: "Resilience"): for each period from `from` with demand and each
    /// country (or source) with an eligible source, Σ_{s outside} r[s, t−L] + I[t−1] − B[t−1] ≥
    /// ρ·d[t]. A component covers its requirement, demand plus draw: − ρ·Σ perUnit·x[consumer, t]
    /// joins the left side, and periods with a draw column but no demand get a row too.
    mutating func addResilienceCoverage(of i: Int) {
        let item = scenario.items[i]
        guard let resilience = item.resilience, resilience.from < T else { return }
        let sources = eligibleSourcesOfItem[i]
        let groups: [(country: Int?, source: Int?, members: Set<Int>, id: String)]
        switch resilience.survive {
        case .anySingleCountry:
            groups = countriesWithEligibleSources(of: i).map { c in
                (c, nil, Set(sources.filter { sourceCountry[$0] == c }), scenario.countries[c].id)
            }
        case .anySingleSource:
            groups = sources.map { (nil, $0, [$0], scenario.sources[$0].id) }
        }
        let columns = itemColumns[i]
        let draws = componentDraws(onItem: i)
        for t in resilience.from..<T where item.demand[t] > 0 || !draws[t].isEmpty {
            for group in groups {
                var rhs = resilience.coverage * item.demand[t]
                if t == 0 { rhs -= item.initialInventory }
                let row = model.addRow(lower: rhs, name: name("survives", item.id, group.id, label(t)))
                for s in sources where !group.members.contains(s) {
                    let τ = t - scenario.sources[s].leadTime
                    if τ >= 0, let r = sourceColumns[s].reserve[τ] { model.addEntry(row: row, column: r, value: 1) }
                }
                if t > 0 {
                    model.addEntry(row: row, column: columns.inventory[t - 1], value: 1)
                    if let backlog = columns.backlog[t - 1] { model.addEntry(row: row, column: backlog, value: -1) }
                }
                for (x, perUnit) in draws[t] {
                    model.addEntry(row: row, column: x, value: -resilience.coverage * perUnit)
                }
                relaxable.append(
                    .init(
                        row: row, sign: 1, rule: .resilience, item: i, source: group.source, country: group.country,
                        period: t))
            }
        }
    }
}
