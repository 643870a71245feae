// Deterministic generator of realistic, valid and feasible scenarios of any size, for
// benchmarks, profiling and scale tests (`sourcing generate`).
//
// Deterministic: one seeded SplitMix64 stream, only +, −, ×, ÷ and rounding on Doubles (exact
// in IEEE 754 on every machine), no system RNG, no iteration over hashed collections. The same
// options give the same `Scenario`, and through `ScenarioWriter` the same bytes, everywhere.
//
// Valid by construction: ids, references, ranges and period labels follow the format.
// Feasible by construction: every item's first source (its "anchor") is domestic, always
// eligible, with no lead time, no window and capacity 2.5 × the item's peak demand + 2 in every
// period, so demand can always be met on time; every other rule is chosen so that the anchor
// (with a second such domestic line where a rule needs two sources) can satisfy it:
// - domestic share: only a `min` (domestic lines have domesticContent 1);
// - maxSharePerSource (α ≥ 0.55) and minSources (count 2, minShare ≤ 0.3): only on items with a
//   second ample domestic line, so two lines can split the demand (surplus may go to stock);
// - maxSharePerAlly: met by buying nothing abroad;
// - resilience: from the second period on, met by stock carried in (the anchor's capacity
//   covers a period's demand plus ρ of the next one's);
// - onshoring, fixed costs, minimum orders, sustaining rates: only on non-anchor lines, whose
//   orders are never needed (a sustaining floor only adds stock).
// There is no budget unless `budgetShare` asks for one: it ties the items together and, below
// the spend the rules force, makes the scenario infeasible, so feasibility is then not promised.
// The MIP gap is 1% (`solver.mipGap`), as planners would set it: GLPK's branch and bound can take
// minutes to close the last fraction of a percent on whole-unit items with share caps.

import Documents

/// What to generate.
public struct ScenarioGeneratorOptions: Sendable, Equatable {
    /// Number of items (≥ 1).
    public var items: Int
    /// Sources per item (≥ 1), the anchor included.
    public var sourcesPerItem: Int
    /// Number of countries (≥ 1), the domestic one included.
    public var countries: Int
    /// Number of periods (≥ 1).
    public var periods: Int
    /// Share of items with `integerUnits` (0…1): the first round(share × items) items in a
    /// seeded shuffle.
    public var integerShare: Double
    public var seed: UInt64
    /// Only the LP core of the formulation: no onshoring, resilience, minimum sources or
    /// countries, fixed costs or minimum orders (what the reference implementations model).
    public var lpCore: Bool
    /// When set (> 0), `policy.budget` is this share of ``Scenario/estimatedUnconstrainedSpend()``
    /// in every period (rounded to 2 decimals). The scenario is then still valid,
    /// but no longer feasible by construction: a low share can leave too little in some period.
    public var budgetShare: Double?

    public init(
        items: Int, sourcesPerItem: Int, countries: Int, periods: Int, integerShare: Double = 0,
        seed: UInt64 = 1, lpCore: Bool = false, budgetShare: Double? = nil
    ) {
        self.items = items
        self.sourcesPerItem = sourcesPerItem
        self.countries = countries
        self.periods = periods
        self.integerShare = integerShare
        self.seed = seed
        self.lpCore = lpCore
        self.budgetShare = budgetShare
    }

    /// Why options cannot be generated. The description names the field, not a command-line
    /// option (`sourcing generate` says which of its options was wrong).
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// `items`, `sourcesPerItem`, `countries` or `periods` below 1.
        case belowOne(Field)
        /// `integerShare` outside 0…1.
        case integerShareOutOfRange
        /// `budgetShare` not above 0 and at most 1000.
        case budgetShareOutOfRange
        /// One count above its limit.
        case tooLarge
        /// items × sources per item × periods above 200 million.
        case gridTooLarge

        /// A count that must be at least 1.
        public enum Field: String, Sendable, Equatable, CaseIterable {
            case items, sourcesPerItem, countries, periods
        }

        public var description: String {
            switch self {
            case .belowOne(.countries): "countries must be at least 1 (the domestic one)"
            case .belowOne(let field): "\(field.rawValue) must be at least 1"
            case .integerShareOutOfRange: "the integer share must be between 0 and 1"
            case .budgetShareOutOfRange: "the budget share must be above 0 and at most 1000"
            case .tooLarge:
                "too large: at most 1,000,000 items, 1,000 sources per item, 10,000 countries, 1,000 periods"
            case .gridTooLarge: "too large: items × sources per item × periods must be at most 200 million"
            }
        }
    }

    /// Why these options cannot be generated, or nil.
    public var problem: Problem? {
        if items < 1 { return .belowOne(.items) }
        if sourcesPerItem < 1 { return .belowOne(.sourcesPerItem) }
        if countries < 1 { return .belowOne(.countries) }
        if periods < 1 { return .belowOne(.periods) }
        if !(integerShare >= 0 && integerShare <= 1) { return .integerShareOutOfRange }
        if let share = budgetShare, !(share > 0 && share <= 1_000) { return .budgetShareOutOfRange }
        if items > 1_000_000 || sourcesPerItem > 1_000 || countries > 10_000 || periods > 1_000 { return .tooLarge }
        if items * sourcesPerItem * periods > 200_000_000 { return .gridTooLarge }
        return nil
    }
}

extension ScenarioGeneratorOptions: CustomStringConvertible {
    /// The options in a line: "3 items × 2 sources × 4 periods, 3 countries, integer share 0.5, seed 7".
    public var description: String {
        "\(items) items × \(sourcesPerItem) sources × \(periods) periods, \(countries) countries,"
            + " integer share \(NumberText.shortest(integerShare)), seed \(seed)\(lpCore ? ", LP core" : "")"
            + (budgetShare.map { ", budget share \(NumberText.shortest($0))" } ?? "")
    }
}

/// A seeded SplitMix64 stream (Steele, Lea, Flood 2014): the same seed gives the same numbers
/// on every machine.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    /// Uniform in low...high (Lemire's multiply-shift; the bias is below 2^-32 for small ranges).
    public mutating func int(_ low: Int, _ high: Int) -> Int {
        precondition(low <= high)
        let span = UInt64(high - low) + 1
        return low + Int(next().multipliedFullWidth(by: span).high)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }
}

public enum ScenarioGenerator {
    /// The scenario for `options`; nil when `options.problem` is not nil.
    public static func generate(_ options: ScenarioGeneratorOptions) -> Scenario? {
        guard options.problem == nil else { return nil }
        var g = Generation(options: options)
        var scenario = g.run()
        if let share = options.budgetShare {
            // After everything else, and without a random draw: the rest of the scenario is the
            // one generated without a budget.
            scenario.policy.budget = scenario.estimatedUnconstrainedSpend().map { round(share * $0, 2) }
            scenario.name += " budget \(NumberText.shortest(share))"
        }
        return scenario
    }
}

private let categoryNames = [
    "naval", "radar", "munitions", "electronics", "materials", "propulsion", "optics", "space",
]
private let allyNames = [
    "Finland", "Norway", "Sweden", "Denmark", "Japan", "Korea", "Australia", "United Kingdom", "Canada",
    "Germany", "France", "Italy", "Netherlands", "Poland", "Spain",
]

/// Rounds to `places` decimals (exact operations only, so the same on every machine).
private func round(_ value: Double, _ places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (value * scale).rounded() / scale
}

private func padded(_ number: Int, _ width: Int) -> String {
    let text = String(number)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

private struct Generation {
    let o: ScenarioGeneratorOptions
    var rng: SplitMix64
    let T: Int

    init(options: ScenarioGeneratorOptions) {
        o = options
        rng = SplitMix64(seed: options.seed)
        T = options.periods
    }

    mutating func run() -> Scenario {
        let periods = (0..<T).map { "FY\(2026 + $0)" }
        let categories = Array(categoryNames.prefix(max(2, min(categoryNames.count, o.items))))
        let countries = makeCountries(categories)
        var policy = Policy(allowPendingScreening: rng.chance(0.5))
        if o.countries >= 4, rng.chance(0.3) { policy.embargo = [countries[rng.int(1, o.countries - 1)].id] }

        // Which items are whole units: the first round(share × N) of a seeded shuffle.
        var order = Array(0..<o.items)
        for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, rng.int(0, k)) }
        var integer = Array(repeating: false, count: o.items)
        let integerCount = Int((o.integerShare * Double(o.items)).rounded())
        for k in order.prefix(integerCount) { integer[k] = true }

        var items: [Item] = []
        var sources: [Source] = []
        items.reserveCapacity(o.items)
        sources.reserveCapacity(o.items * o.sourcesPerItem)
        let itemWidth = String(o.items).count
        for i in 0..<o.items {
            let id = "i" + padded(i + 1, max(4, itemWidth))
            makeItem(
                id: id, integer: integer[i], categories: categories, countries: countries, items: &items,
                sources: &sources)
        }
        return Scenario(
            name:
                "generated \(o.items)x\(o.sourcesPerItem)x\(o.periods) c\(o.countries) f\(NumberText.shortest(o.integerShare)) seed \(o.seed)\(o.lpCore ? " lp-core" : "")",
            currency: "USD millions", periods: periods, discountRate: round(rng.uniform(0, 0.05), 3),
            countries: countries, items: items, sources: sources, policy: policy,
            solver: SolverSettings(mipGap: 0.01))
    }

    mutating func makeCountries(_ categories: [String]) -> [Country] {
        var countries = [Country(id: "HOME", name: "Home", domestic: true, exportApproved: [], ipProtection: 1)]
        let width = max(2, String(o.countries - 1).count)
        for k in 1..<max(1, o.countries) {
            var approved: [String]
            if rng.chance(0.3) {
                approved = ["*"]
            } else {
                approved = categories.filter { _ in rng.chance(0.6) }
            }
            let screening: Screening
            let draw = rng.unit()
            screening = draw < 0.8 ? .cleared : draw < 0.92 ? .pending : .denied
            let name = k <= allyNames.count ? allyNames[k - 1] : "Ally \(k)"
            countries.append(
                Country(
                    id: "A" + padded(k, width), name: name, domestic: false, exportApproved: approved,
                    ipProtection: round(rng.uniform(0.3, 1), 2), screening: screening))
        }
        return countries
    }

    /// A per-period series around `base` with a drift per period and noise, rounded.
    mutating func series(_ base: Double, drift: Double, noise: Double, places: Int, floor: Double = 0) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(T)
        var level = base
        for _ in 0..<T {
            values.append(max(floor, round(level * (1 + rng.uniform(-noise, noise)), places)))
            level *= 1 + drift
        }
        return values
    }

    mutating func makeItem(
        id: String, integer: Bool, categories: [String], countries: [Country],
        items: inout [Item], sources: inout [Source]
    ) {
        let M = o.sourcesPerItem
        let category = categories[rng.int(0, categories.count - 1)]
        // Demand: a few whole units (hulls, launchers) or a larger continuous flow.
        var demand: [Double]
        let baseCost: Double
        if integer {
            let rate = Double(rng.int(1, 4))
            demand = (0..<T).map { _ in rng.chance(0.15) ? 0 : Double(rng.int(Int(rate) - 1, Int(rate) + 1)) }
            baseCost = round(rng.uniform(50, 800), 1)
        } else {
            demand = series(rng.uniform(20, 500), drift: rng.uniform(-0.01, 0.04), noise: 0.2, places: 1)
            baseCost = round(rng.uniform(0.05, 5), 3)
        }
        let peak = demand.max() ?? 0
        let average = max(1, demand.reduce(0, +) / Double(T))

        var item = Item(id: id, category: category, demand: demand, integerUnits: integer)
        item.holdingCost = round(baseCost * rng.uniform(0.02, 0.1), 4)
        if rng.chance(0.3) {
            item.backlogPenalty = round(baseCost * rng.uniform(0.3, 1), 4)
            if rng.chance(0.5) { item.unmetPenalty = round(baseCost * rng.uniform(2, 4), 4) }
        }
        if rng.chance(0.3) {
            item.initialInventory = integer ? Double(rng.int(0, 2)) : round(average * rng.uniform(0, 1), 1)
        }
        if rng.chance(0.4) { item.minIPProtection = round(rng.uniform(0.3, 0.8), 2) }
        if rng.chance(0.5) {
            item.domesticShare = DomesticShareRule(
                min: round(rng.uniform(0.2, 0.6), 2), from: rng.int(0, (T - 1) / 3),
                over: rng.chance(0.5) ? .period : .horizon)
        }
        // A second ample domestic line where share caps or minimum sources need two lines.
        let twoAnchors = M >= 2 && rng.chance(0.8)
        if twoAnchors {
            item.maxSharePerSource = round(rng.uniform(0.55, 0.9), 2)
            if rng.chance(0.1) { item.shareOver = .period }
            if !o.lpCore, rng.chance(0.3) {
                item.minSources = MinimumCount(count: 2, minShare: round(rng.uniform(0.1, 0.3), 2))
            }
        }
        if o.countries > 1, rng.chance(0.5) { item.maxSharePerAlly = round(rng.uniform(0.3, 0.7), 2) }
        if !o.lpCore, T >= 2, rng.chance(0.25) {
            item.resilience = Resilience(
                survive: rng.chance(0.5) ? .anySingleCountry : .anySingleSource,
                coverage: round(rng.uniform(0.3, 0.8), 2), from: rng.int(1, max(1, (T - 1) / 2)))
        }

        let sourceWidth = max(2, String(M).count)
        func sourceID(_ k: Int) -> String { "\(id)-s\(padded(k + 1, sourceWidth))" }
        // Anchor capacity: a period's demand plus ρ ≤ 0.8 of the next one's, with room to spare.
        let ample = (2.5 * peak + 2).rounded(.up)
        var itemSources: [Source] = []
        for k in 0..<M {
            let anchor = k == 0 || (k == 1 && twoAnchors)
            let country: Country
            if anchor || o.countries == 1 || rng.chance(0.25) {
                country = countries[0]
            } else {
                country = countries[rng.int(1, countries.count - 1)]
            }
            let domestic = country.domestic
            // Allies are cheaper (the comparative advantage the domestic-share rule weighs against).
            let premium = anchor ? rng.uniform(1.3, 1.6) : domestic ? rng.uniform(1.05, 1.4) : rng.uniform(0.65, 1.0)
            let unitCost = series(baseCost * premium, drift: rng.uniform(-0.005, 0.02), noise: 0.05, places: 4)
            var source = Source(
                id: sourceID(k), country: country.id, item: id, unitCost: unitCost, capacity: [],
                domesticContent: domestic ? 1 : 0)
            if anchor {
                source.capacity = Array(repeating: ample, count: T)
                itemSources.append(source)
                continue
            }
            let lead = integer ? rng.int(1, 3) : rng.int(0, 2)
            source.leadTime = T > lead ? lead : 0
            let concurrent = rng.chance(integer ? 0.5 : 0.2)
            source.capacityMode = concurrent ? .concurrent : .starts
            let scale = average * rng.uniform(0.3, 1.2) * (concurrent ? Double(max(source.leadTime, 1)) : 1)
            source.capacity = series(scale, drift: rng.uniform(0, 0.03), noise: 0.1, places: integer ? 0 : 1)
            if !domestic, rng.chance(0.2) { source.domesticContent = round(rng.uniform(0.2, 0.5), 2) }
            if rng.chance(0.15) { source.costShare = round(rng.uniform(0.5, 0.9), 2) }
            if T >= 4, rng.chance(0.2) {
                if rng.chance(0.5) {
                    source.availableFrom = rng.int(1, T / 2)
                } else {
                    source.availableUntil = rng.int(T / 2, T - 1)
                }
            }
            if !o.lpCore {
                if rng.chance(0.15) { source.fixedCost = round(baseCost * average * rng.uniform(0.5, 2), 2) }
                if rng.chance(0.1) { source.minOrder = integer ? 1 : round(average * rng.uniform(0.1, 0.3), 1) }
                if item.resilience != nil { source.reserveCost = round(baseCost * rng.uniform(0.01, 0.05), 4) }
            }
            itemSources.append(source)
        }
        if !o.lpCore, item.resilience != nil {
            for k in 0..<min(2, itemSources.count) where itemSources[k].reserveCost == 0 {
                itemSources[k].reserveCost = round(baseCost * rng.uniform(0.01, 0.05), 4)
            }
        }
        // Phased onshoring: a domestic (non-anchor) line that learns from a foreign line of the item.
        if !o.lpCore {
            let foreign = itemSources.indices.filter { itemSources[$0].country != countries[0].id }
            for k in itemSources.indices where k >= (twoAnchors ? 2 : 1) && itemSources[k].country == countries[0].id {
                guard rng.chance(0.5) else { continue }
                var onshoring = Onshoring()
                if !foreign.isEmpty, rng.chance(0.7) {
                    let from = foreign[rng.int(0, foreign.count - 1)]
                    onshoring.transfer = .init(fromSources: [itemSources[from].id], units: rng.int(1, 3))
                }
                if rng.chance(0.7) {
                    onshoring.facility = .init(
                        cost: round(baseCost * average * rng.uniform(1, 5), 2), buildTime: rng.int(0, 2),
                        earliest: rng.int(0, (T - 1) / 2))
                }
                if rng.chance(0.6) {
                    let capacity = itemSources[k].capacity[0]
                    onshoring.rampUp = [
                        round(capacity * 0.25, integer ? 0 : 1), round(capacity * 0.6, integer ? 0 : 1),
                    ]
                }
                if rng.chance(0.2) { onshoring.sustainingRate = integer ? 1 : round(average * 0.05, 1) }
                if onshoring != Onshoring() { itemSources[k].onshoring = onshoring }
            }
        }
        items.append(item)
        sources.append(contentsOf: itemSources)
    }
}
