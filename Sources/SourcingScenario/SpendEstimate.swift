// A quick estimate of what a scenario spends per period when no budget binds, as the budget
// rows count it (procurement after `costShare`, in the order period). The generator's
// `budgetShare` F sets `policy.budget` to F times this estimate, so benchmarks can make
// budget-coupled plans whose budget binds in some periods and not in others.
//
// The estimate is a greedy plan, not an optimum: every period's demand (net of the initial
// inventory, which is used first) is bought just in time, cheapest eligible source first, each
// source up to its capacity in the order period (a `concurrent` source up to its capacity
// divided by its window), up to `maxSharePerSource` of the demand per source and
// `maxSharePerAlly` per foreign country, after the `domesticShare.min` part has been bought
// from domestic sources. Whatever is left is bought from the item's first source at its cost.
// Lead times, windows and eligibility are respected; fixed costs, minimum orders, reserves,
// onshoring and backlog are not (an unconstrained optimum avoids or defers them). Only exact
// IEEE operations in a fixed order: the same scenario gives the same numbers everywhere.

extension Scenario {
    /// The greedy just-in-time plan's spend per period (see the file comment); one value per period.
    public func estimatedUnconstrainedSpend() -> [Double] {
        let T = periodCount
        var spend = Array(repeating: 0.0, count: T)
        var itemIndex: [String: Int] = [:]
        for (i, item) in items.enumerated() { itemIndex[item.id] = i }
        var countryOf: [String: Country] = [:]
        for country in countries { countryOf[country.id] = country }
        var sourcesOfItem = Array(repeating: [Int](), count: items.count)
        for (s, source) in sources.enumerated() {
            if let i = itemIndex[source.item] { sourcesOfItem[i].append(s) }
        }
        let eligible = sources.indices.map { isEligible(source: $0) }
        for (i, item) in items.enumerated() {
            let candidates = sourcesOfItem[i].filter { eligible[$0] }
            var stock = item.initialInventory
            for u in 0..<T {
                var need = item.demand[u]
                let used = min(stock, need)
                stock -= used
                need -= used
                guard need > 0 else { continue }
                // Sources that can deliver in u: (source, order period, room, unit spend).
                var offers: [(source: Int, period: Int, room: Double, price: Double)] = []
                for s in candidates {
                    let source = sources[s]
                    let τ = u - source.leadTime
                    guard τ >= 0, τ >= (source.availableFrom ?? 0), τ <= (source.availableUntil ?? (T - 1)) else {
                        continue
                    }
                    let window = source.capacityMode == .concurrent ? Double(max(source.leadTime, 1)) : 1
                    var room = source.capacity[τ] / window
                    if let alpha = item.maxSharePerSource { room = min(room, alpha * item.demand[u]) }
                    offers.append((s, τ, room, source.costShare * source.unitCost[τ]))
                }
                // Cheapest first; ties by scenario order (a stable sort keeps it).
                offers.sort { $0.price < $1.price }
                var allyTaken: [String: Double] = [:]
                func buy(_ amount: Double, domesticOnly: Bool) -> Double {
                    var left = amount
                    for k in offers.indices where left > 0 && offers[k].room > 0 {
                        let source = sources[offers[k].source]
                        let domestic = countryOf[source.country]?.domestic ?? false
                        if domesticOnly && !domestic { continue }
                        var take = min(left, offers[k].room)
                        if !domestic, let beta = item.maxSharePerAlly {
                            take = min(take, max(0, beta * item.demand[u] - allyTaken[source.country, default: 0]))
                            allyTaken[source.country, default: 0] += take
                        }
                        guard take > 0 else { continue }
                        offers[k].room -= take
                        left -= take
                        spend[offers[k].period] += take * offers[k].price
                    }
                    return left
                }
                var left = need
                if let rule = item.domesticShare, let low = rule.min, u >= rule.from {
                    let domesticPart = min(need, low * item.demand[u])
                    left = need - domesticPart + buy(domesticPart, domesticOnly: true)
                }
                left = buy(left, domesticOnly: false)
                if left > 0, let first = sourcesOfItem[i].first {
                    spend[u] += left * sources[first].costShare * sources[first].unitCost[u]
                }
            }
        }
        return spend
    }
}
