// The typed, validated scenario: what the model builder reads.
// Every default of the format (../shared/design/scenario-format.md) is already applied,
// every per-period field has exactly one value per period, and every period label is
// resolved to its 0-based index. References (`Source.country`, `Source.item`, ...) are ids
// that are known to resolve; `Scenario` offers index look-ups for them.

/// A planner's scenario: periods, countries, items, sources, policy and solver settings.
public struct Scenario: Sendable, Equatable {
    /// Shown in reports.
    public var name: String
    /// A label for money amounts, such as "USD millions".
    public var currency: String?
    /// Labels of the planning periods, in order.
    public var periods: [String]
    /// Money in period t (0-based) is weighted by 1 / (1 + discountRate)^t.
    public var discountRate: Double
    public var countries: [Country]
    public var items: [Item]
    public var sources: [Source]
    /// Capacity shared by several sources (one yard's dock slots used by two programmes).
    public var capacityPools: [CapacityPool]
    public var policy: Policy
    public var solver: SolverSettings

    public init(
        name: String, currency: String? = nil, periods: [String], discountRate: Double = 0,
        countries: [Country], items: [Item], sources: [Source], capacityPools: [CapacityPool] = [],
        policy: Policy = Policy(), solver: SolverSettings = SolverSettings()
    ) {
        self.name = name
        self.currency = currency
        self.periods = periods
        self.discountRate = discountRate
        self.countries = countries
        self.items = items
        self.sources = sources
        self.capacityPools = capacityPools
        self.policy = policy
        self.solver = solver
    }

    /// The number of planning periods.
    public var periodCount: Int { periods.count }

    /// The index of the country with this id, if any.
    public func countryIndex(_ id: String) -> Int? { countries.firstIndex { $0.id == id } }
    /// The index of the item with this id, if any.
    public func itemIndex(_ id: String) -> Int? { items.firstIndex { $0.id == id } }
    /// The index of the source with this id, if any.
    public func sourceIndex(_ id: String) -> Int? { sources.firstIndex { $0.id == id } }
    /// The index of the period with this label, if any.
    public func periodIndex(_ label: String) -> Int? { periods.firstIndex(of: label) }

    /// The one domestic country (validation guarantees exactly one).
    public var domesticCountry: Country? { countries.first { $0.domestic } }
}

/// A country that hosts sources: the domestic one or an ally.
public struct Country: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// Exactly one country of a scenario is domestic.
    public var domestic: Bool
    /// Item categories this ally may be sent work for under export controls; `"*"` approves all.
    public var exportApproved: [String]
    /// Strength of IP protection, 0...1.
    public var ipProtection: Double
    /// Investment-screening status.
    public var screening: Screening

    public init(
        id: String, name: String? = nil, domestic: Bool = false, exportApproved: [String] = [],
        ipProtection: Double = 0, screening: Screening = .cleared
    ) {
        self.id = id
        self.name = name
        self.domestic = domestic
        self.exportApproved = exportApproved
        self.ipProtection = ipProtection
        self.screening = screening
    }
}

/// Investment-screening status of a country.
public enum Screening: String, Sendable, Equatable, CaseIterable {
    case cleared, pending, denied
}

/// Whether a share rule holds in every period or summed over the horizon.
public enum ShareScope: String, Sendable, Equatable, CaseIterable {
    case period, horizon
}

/// An end system or component that must be delivered.
public struct Item: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// Matched against `Country.exportApproved`.
    public var category: String
    /// What one unit of the item is ("hull", "t", "module"): a label for outputs.
    public var unit: String?
    /// Units that must be delivered in each period (one value per period).
    public var demand: [Double]
    /// Orders are whole units (makes the model a MIP).
    public var integerUnits: Bool
    public var initialInventory: Double
    /// Per unit in inventory at the end of a period.
    public var holdingCost: Double
    /// When set, demand may be late at this cost per unit short per period; when nil, demand is hard.
    public var backlogPenalty: Double?
    /// When set (only with `backlogPenalty`), demand may remain unmet at the horizon's end at this cost per unit.
    public var unmetPenalty: Double?
    /// Allies whose `ipProtection` is below this cannot make the item.
    public var minIPProtection: Double
    public var domesticShare: DomesticShareRule?
    /// No single source delivers more than this share.
    public var maxSharePerSource: Double?
    /// No single foreign country delivers more than this share.
    public var maxSharePerAlly: Double?
    /// Whether the two caps above hold per period or over the horizon.
    public var shareOver: ShareScope
    public var minSources: MinimumCount?
    public var minCountries: MinimumCount?
    public var resilience: Resilience?

    public init(
        id: String, name: String? = nil, category: String, unit: String? = nil, demand: [Double],
        integerUnits: Bool = false, initialInventory: Double = 0, holdingCost: Double = 0,
        backlogPenalty: Double? = nil, unmetPenalty: Double? = nil, minIPProtection: Double = 0,
        domesticShare: DomesticShareRule? = nil, maxSharePerSource: Double? = nil,
        maxSharePerAlly: Double? = nil, shareOver: ShareScope = .horizon,
        minSources: MinimumCount? = nil, minCountries: MinimumCount? = nil,
        resilience: Resilience? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.unit = unit
        self.demand = demand
        self.integerUnits = integerUnits
        self.initialInventory = initialInventory
        self.holdingCost = holdingCost
        self.backlogPenalty = backlogPenalty
        self.unmetPenalty = unmetPenalty
        self.minIPProtection = minIPProtection
        self.domesticShare = domesticShare
        self.maxSharePerSource = maxSharePerSource
        self.maxSharePerAlly = maxSharePerAlly
        self.shareOver = shareOver
        self.minSources = minSources
        self.minCountries = minCountries
        self.resilience = resilience
    }
}

/// Bounds on the share of an item's delivered units that is domestic content.
public struct DomesticShareRule: Sendable, Equatable {
    public var min: Double?
    public var max: Double?
    /// First period (0-based index) the rule applies to.
    public var from: Int
    public var over: ShareScope

    public init(min: Double? = nil, max: Double? = nil, from: Int = 0, over: ShareScope = .period) {
        self.min = min
        self.max = max
        self.from = from
        self.over = over
    }
}

/// At least `count` distinct sources (or countries) each deliver at least `minShare` of total demand.
public struct MinimumCount: Sendable, Equatable {
    public var count: Int
    public var minShare: Double

    public init(count: Int, minShare: Double = 0.1) {
        self.count = count
        self.minShare = minShare
    }
}

/// An N-1 rule: what must survive the loss of any single country or source.
public struct Resilience: Sendable, Equatable {
    public enum Survive: String, Sendable, Equatable, CaseIterable {
        case anySingleCountry, anySingleSource
    }
    public var survive: Survive
    /// Share of each period's demand that must stay covered, 0...1.
    public var coverage: Double
    /// First period (0-based index) the rule applies to.
    public var from: Int

    public init(survive: Survive, coverage: Double, from: Int = 0) {
        self.survive = survive
        self.coverage = coverage
        self.from = from
    }
}

/// How a source's capacity is counted.
public enum CapacityMode: String, Sendable, Equatable, CaseIterable {
    /// Orders placed in a period are at most the capacity.
    case starts
    /// Units in work during a period (ordered in the last max(leadTime, 1) periods) are at most the capacity.
    case concurrent
}

/// One supplier line for one item (a shipyard building hulls, a plant making modules).
public struct Source: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// Id of the hosting country.
    public var country: String
    /// Id of the item made.
    public var item: String
    /// Cost per unit ordered in each period.
    public var unitCost: [Double]
    /// Capacity in each period, counted as `capacityMode` says.
    public var capacity: [Double]
    public var capacityMode: CapacityMode
    /// An order placed in period t is delivered in period t + leadTime.
    public var leadTime: Int
    /// Paid once at the start of the horizon if the source takes any order.
    public var fixedCost: Double
    /// In any period it is ordered from, at least this much.
    public var minOrder: Double
    /// Share of each unit that counts as domestic (default already applied: 1 domestic, 0 foreign).
    public var domesticContent: Double
    /// Share of `unitCost` the planner pays.
    public var costShare: Double
    /// First period (0-based index) in which orders may be placed, if limited.
    public var availableFrom: Int?
    /// Last period (0-based index) in which orders may be placed, if limited.
    public var availableUntil: Int?
    /// Per unit of capacity held in reserve but unused, per period.
    public var reserveCost: Double
    public var onshoring: Onshoring?
    /// Components this line needs: each unit ordered in period t draws `perUnit` units of each
    /// from the planner's stock in period t (government-furnished equipment). Empty: none.
    public var consumes: [Component]

    public init(
        id: String, name: String? = nil, country: String, item: String,
        unitCost: [Double], capacity: [Double], capacityMode: CapacityMode = .starts,
        leadTime: Int = 0, fixedCost: Double = 0, minOrder: Double = 0,
        domesticContent: Double, costShare: Double = 1,
        availableFrom: Int? = nil, availableUntil: Int? = nil,
        reserveCost: Double = 0, onshoring: Onshoring? = nil, consumes: [Component] = []
    ) {
        self.id = id
        self.name = name
        self.country = country
        self.item = item
        self.unitCost = unitCost
        self.capacity = capacity
        self.capacityMode = capacityMode
        self.leadTime = leadTime
        self.fixedCost = fixedCost
        self.minOrder = minOrder
        self.domesticContent = domesticContent
        self.costShare = costShare
        self.availableFrom = availableFrom
        self.availableUntil = availableUntil
        self.reserveCost = reserveCost
        self.onshoring = onshoring
        self.consumes = consumes
    }
}

/// A component a source's line needs per unit it starts: another item of the scenario, which
/// the planner buys from its own sources and furnishes to the line.
public struct Component: Sendable, Equatable {
    /// Id of the consumed item.
    public var item: String
    /// Units of the item drawn per unit ordered from the line (> 0).
    public var perUnit: Double

    public init(item: String, perUnit: Double) {
        self.item = item
        self.perUnit = perUnit
    }
}

/// Capacity shared by several sources, such as one yard's dock slots used by two ship classes.
/// Each member's own `capacity` still holds.
public struct CapacityPool: Sendable, Equatable {
    /// A source in a pool, and how much of the pool each of its units takes.
    public struct Member: Sendable, Equatable {
        /// Id of the member source.
        public var source: String
        /// Pool capacity each unit started (or in work) takes (> 0, default 1).
        public var perUnit: Double

        public init(source: String, perUnit: Double = 1) {
            self.source = source
            self.perUnit = perUnit
        }
    }

    public var id: String
    public var name: String?
    /// The pool's capacity in each period, counted as `capacityMode` says.
    public var capacity: [Double]
    /// `starts`: Σ perUnit × starts ≤ capacity; `concurrent`: Σ perUnit × units in work (each
    /// member's own lead time) ≤ capacity.
    public var capacityMode: CapacityMode
    /// The sources sharing the pool, each at most once.
    public var members: [Member]

    public init(
        id: String, name: String? = nil, capacity: [Double], capacityMode: CapacityMode = .starts, members: [Member]
    ) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.capacityMode = capacityMode
        self.members = members
    }
}

/// Phased onshoring of a line: technology transfer, facility investment, ramp-up, warm line.
public struct Onshoring: Sendable, Equatable {
    /// The line may start work only after the N-th unit from these sources is delivered.
    public struct Transfer: Sendable, Equatable {
        public var fromSources: [String]
        public var units: Int
        public init(fromSources: [String], units: Int) {
            self.fromSources = fromSources
            self.units = units
        }
    }
    /// A one-time investment made in some period ≥ `earliest`; the line may work `buildTime` periods later.
    public struct Facility: Sendable, Equatable {
        public var cost: Double
        public var buildTime: Int
        /// 0-based period index.
        public var earliest: Int
        public init(cost: Double, buildTime: Int = 0, earliest: Int = 0) {
            self.cost = cost
            self.buildTime = buildTime
            self.earliest = earliest
        }
    }
    public var transfer: Transfer?
    public var facility: Facility?
    /// Capacity limits counted in calendar periods from the first period the line may work.
    public var rampUp: [Double]?
    /// Minimum starts (or units in work) per period once the line may work.
    public var sustainingRate: Double?

    public init(
        transfer: Transfer? = nil, facility: Facility? = nil, rampUp: [Double]? = nil,
        sustainingRate: Double? = nil
    ) {
        self.transfer = transfer
        self.facility = facility
        self.rampUp = rampUp
        self.sustainingRate = sustainingRate
    }
}

/// Rules that apply across items.
public struct Policy: Sendable, Equatable {
    /// Whether countries with `pending` screening are eligible.
    public var allowPendingScreening: Bool
    /// Foreign countries cut off entirely.
    public var embargo: [String]
    /// The most the planner may spend in each period, undiscounted.
    public var budget: [Double]?

    public init(allowPendingScreening: Bool = false, embargo: [String] = [], budget: [Double]? = nil) {
        self.allowPendingScreening = allowPendingScreening
        self.embargo = embargo
        self.budget = budget
    }
}

/// Settings handed to the solver.
public struct SolverSettings: Sendable, Equatable {
    public var timeLimitSeconds: Double?
    /// Relative MIP gap at which a MIP counts as solved.
    public var mipGap: Double
    public var presolve: Bool

    public init(timeLimitSeconds: Double? = nil, mipGap: Double = 1e-4, presolve: Bool = true) {
        self.timeLimitSeconds = timeLimitSeconds
        self.mipGap = mipGap
        self.presolve = presolve
    }
}

// MARK: - Eligibility

/// Why a foreign source may take no orders, in the order the plan lists them.
public enum ExclusionReason: String, Sendable, Equatable, CaseIterable {
    case embargo, exportControl, ipProtection, screeningDenied, screeningPending

    /// A plain sentence for summaries.
    public var explanation: String {
        switch self {
        case .embargo: "the country is under embargo"
        case .exportControl: "the item's category is not export-approved for the country"
        case .ipProtection: "the country's IP protection is below the item's minimum"
        case .screeningDenied: "investment screening denied"
        case .screeningPending: "investment screening pending (not allowed by policy)"
        }
    }
}

extension Scenario {
    /// Every reason the source at `index` may take no orders; empty when it is eligible.
    /// Domestic sources are always eligible.
    public func exclusionReasons(ofSource index: Int) -> [ExclusionReason] {
        let source = sources[index]
        guard let country = countryIndex(source.country).map({ countries[$0] }),
            let item = itemIndex(source.item).map({ items[$0] }),
            !country.domestic
        else { return [] }
        var reasons: [ExclusionReason] = []
        if policy.embargo.contains(country.id) { reasons.append(.embargo) }
        if !country.exportApproved.contains("*") && !country.exportApproved.contains(item.category) {
            reasons.append(.exportControl)
        }
        if country.ipProtection < item.minIPProtection { reasons.append(.ipProtection) }
        switch country.screening {
        case .cleared: break
        case .denied: reasons.append(.screeningDenied)
        case .pending: if !policy.allowPendingScreening { reasons.append(.screeningPending) }
        }
        return reasons
    }

    /// Whether the source at `index` may take orders.
    public func isEligible(source index: Int) -> Bool { exclusionReasons(ofSource: index).isEmpty }
}
