import SourcingScenario

// Tight big-M (issue 13). Every indicator row x ≤ M·y — fixed cost (x[t] ≤ M·y), minimum order
// (x[t] ≤ M·o[t]) and the onshoring may-work capacity rows (units in work ≤ Σ c·w) — used the
// period's capacity K as M. Planners write "unlimited" lines as capacity 1e6…1e9, and GLPK's
// integrality tolerance then calls y = 5/1e6 zero: five units ordered, the fixed cost unpaid.
// Here M = min(K[t], U[s,t]), where U[s,t] bounds what the item can use from that one order.
// (The minimum-sources and -countries binaries have no big-M: their rows are
// Σ q ≥ minShare·D·u, with the item's own demand D as coefficient.)
//
// Why U never cuts off an optimum. Take any feasible solution with x[s,t] > U[s,t] and lower
// x[s,t] to U[s,t] (for a resilience item, lower the reserve r[s,t] with it where r > U). The
// result is feasible and costs no more, so some optimum has every x ≤ U and keeps its cost:
// - cost and budget: all costs are ≥ 0, so less procurement costs less; for a resilience item
//   the order's coefficient costShare·c − reserveCost may be negative, but x and r are lowered
//   together (x ≤ r) and their sum costShare·c is ≥ 0; reserves alone cost reserveCost ≥ 0;
// - balance and stock: write req[τ] = d[τ] + draw[τ] (a component's draw by its consuming lines,
//   at most Σ perUnit·min(K, U) of those lines, whose bounds are computed first: the "consumes"
//   relation has no cycle). With hard demand an order delivering in τ = t + L serves periods
//   ≥ τ only; with a backlog it may also serve what earlier periods owe. U starts from
//   use = Σ_{τ' ≥ τ} req[τ'] (hard) or Σ_all req (backlog), plus A = ρ·max req for a resilience
//   item (the most stock a coverage row can need). Lowering x by δ = x − U leaves the net stock
//   I − B of every period τ' ≥ τ at least use − Σ_{τ..τ'} req ≥ A ≥ 0 (with a backlog the stock
//   before τ is at least −Σ_{<τ} req), so balance, I ≥ 0, B[T−1] = 0 and every coverage row
//   (whose right side is at most ρ·req) still hold; holding cost only falls;
// - rules that force an order up: U is at least the minimum order, the sustaining rate, the
//   item's minShare·D (minimum sources and countries: one order may have to carry it), and the
//   transfer units N of every line that names s in `fromSources`. Lowering to U keeps each of
//   those rows (m·o ≤ x, the sustaining floor, Σ q ≥ minShare·D·u, Σ q ≥ N·z);
// - upper limits (capacity, pools, budget, ramp-up) only get easier;
// - reserves (resilience items): coverage rows hold r outside the lost group plus net stock; a
//   single reserve above U + ρ·req[τ] (+ Σ_all req with a backlog, the most a backlog can owe)
//   already covers its row alone. So for those items U is that larger figure, for x and for r.
// - components: lowering a consuming line's order leaves more of its components in stock, which
//   costs their holding cost; so a line is bounded only if every item it consumes has holding
//   cost 0 (otherwise its M stays the capacity).
// Not bounded (M stays the capacity): items with a domestic-share rule or share caps below 1.
// Those rows are ratios between sources, and an order forced up elsewhere (a minimum order, a
// warm line's floor) can force other sources above anything their demand needs.
// For whole units U is rounded up, so the lowered order is whole too.
//
// The bounds depend on demand: the whole-unit sensitivity, which moves a demand row by one unit
// on the built program, builds with `demandMargin` 1. A re-plan after a disruption fixes orders
// at the base plan's values on a scenario with less capacity, so it builds with capacity as M.

extension ModelBuilder {
    /// U[s][t] for every source and order period (infinity where no bound applies): see above.
    func orderBounds() -> [[Double]] {
        let sources = scenario.sources
        let items = scenario.items
        var bound = Array(repeating: Array(repeating: Double.infinity, count: T), count: sources.count)
        guard tightBigM else { return bound }
        // N of every transfer that counts deliveries from s.
        var transferFloor = Array(repeating: 0.0, count: sources.count)
        for line in sources {
            guard let transfer = line.onshoring?.transfer else { continue }
            for id in transfer.fromSources {
                if let from = scenario.sourceIndex(id) {
                    transferFloor[from] = max(transferFloor[from], Double(transfer.units))
                }
            }
        }
        let consumers = scenario.componentConsumers()
        var itemIndex: [String: Int] = [:]
        for (i, item) in items.enumerated() { itemIndex[item.id] = i }
        // Items in an order where every consuming line's item comes before its components
        // (Kahn's algorithm on item → component; the validator rejects cycles).
        var waiting = consumers.map(\.count)
        var order = items.indices.filter { waiting[$0] == 0 }
        var sourcesOfItem = Array(repeating: [Int](), count: items.count)
        for s in sources.indices { sourcesOfItem[sourceItem[s]].append(s) }
        var next = 0
        while next < order.count {
            let i = order[next]
            next += 1
            for s in sourcesOfItem[i] {
                for component in sources[s].consumes {
                    guard let c = itemIndex[component.item] else { continue }
                    waiting[c] -= 1
                    if waiting[c] == 0 { order.append(c) }
                }
            }
        }
        for i in order {
            let item = items[i]
            var requirement = item.demand.map { $0 + demandMargin }
            for (s, perUnit) in consumers[i] where eligible[s] {
                for t in 0..<T where sourceColumns[s].order[t] != nil {
                    requirement[t] += perUnit * min(sources[s].capacity[t], bound[s][t])
                }
            }
            let sharesBetweenSources =
                item.domesticShare != nil
                || (item.maxSharePerSource ?? 1) < 1 || (item.maxSharePerAlly ?? 1) < 1
            guard !sharesBetweenSources else { continue }
            let total = requirement.reduce(0, +)
            var fromPeriod = Array(repeating: 0.0, count: T + 1)  // Σ_{τ' ≥ τ} req[τ']
            for t in stride(from: T - 1, through: 0, by: -1) { fromPeriod[t] = fromPeriod[t + 1] + requirement[t] }
            let backlog = item.backlogPenalty != nil
            let coverage = item.resilience?.coverage ?? 0
            let stock = coverage * (requirement.max() ?? 0)
            let share = max(item.minSources?.minShare ?? 0, item.minCountries?.minShare ?? 0)
            let itemFloor = share * item.demand.reduce(0, +)
            for s in eligibleSourcesOfItem[i] {
                let source = sources[s]
                let stocksComponents = source.consumes.contains { component in
                    itemIndex[component.item].map { items[$0].holdingCost > 0 } ?? false
                }
                guard !stocksComponents else { continue }
                let floor = max(source.minOrder, source.onshoring?.sustainingRate ?? 0, itemFloor, transferFloor[s])
                for t in 0..<T where sourceColumns[s].order[t] != nil {
                    let τ = t + source.leadTime
                    var u = max((backlog ? total : fromPeriod[τ]) + stock, floor)
                    if item.resilience != nil { u += coverage * requirement[τ] + (backlog ? total : 0) }
                    bound[s][t] = item.integerUnits ? u.rounded(.up) : u
                }
            }
        }
        return bound
    }

    /// The big-M of an indicator row on source s's order (or reserve) in period t.
    func bigM(_ s: Int, _ t: Int) -> Double { min(scenario.sources[s].capacity[t], orderBound[s][t]) }
}
