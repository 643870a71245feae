// The plan: the answer to a scenario, with exactly the keys of the format's "plan" section.
// Arrays follow the scenario's order so that the same scenario gives the same bytes.

import Foundation

/// The recommended split between domestic production and allied sourcing, period by period.
public struct Plan: Sendable, Equatable {
    /// The plan format's version; bumped only when a key is renamed or removed.
    public var schemaVersion: Int = 1
    public var scenario: ScenarioIdentity
    /// The tool that made the plan.
    public var tool: ToolIdentity
    /// The scenario's `currency`: every money figure of the plan is in it; nil when it names none.
    public var currency: String? = nil
    /// Per period, undiscounted: what the plan spends as the budget rows count it (procurement
    /// after `costShare`, facility investment, reserve cost, fixed costs in the first period).
    public var spending: [Double] = []
    /// Per period: the scenario's `policy.budget`; nil without one.
    public var budget: [Double]? = nil
    public var status: PlanStatus
    /// Total cost as in the formulation; nil when there is no plan.
    public var objective: Double?
    /// Relative gap for MIPs (0 when proven optimal); nil for LPs.
    public var mipGap: Double?
    public var costs: CostBreakdown
    public var periods: [String]
    public var items: [ItemPlan]
    public var sources: [SourcePlan]
    public var onshoring: [OnshoringTimeline]
    public var excluded: [ExcludedSource]
    /// Per capacity pool: what its members use of it; nil when the scenario has no pools.
    public var capacityPools: [PoolPlan]?
    /// Only when the scenario is infeasible: which rules cannot be met, where, by how much.
    public var diagnosis: [Diagnosis]?
    /// Where asked for: shadow prices, reduced costs, cost ranges.
    public var sensitivity: Sensitivity?
    public var solver: SolverFigures

    public init(
        scenario: ScenarioIdentity, tool: ToolIdentity = ToolIdentity(), status: PlanStatus,
        objective: Double?, mipGap: Double?, costs: CostBreakdown, periods: [String],
        items: [ItemPlan], sources: [SourcePlan], onshoring: [OnshoringTimeline],
        excluded: [ExcludedSource], capacityPools: [PoolPlan]? = nil, diagnosis: [Diagnosis]? = nil,
        sensitivity: Sensitivity? = nil, solver: SolverFigures
    ) {
        self.scenario = scenario
        self.tool = tool
        self.status = status
        self.objective = objective
        self.mipGap = mipGap
        self.costs = costs
        self.periods = periods
        self.items = items
        self.sources = sources
        self.onshoring = onshoring
        self.excluded = excluded
        self.capacityPools = capacityPools
        self.diagnosis = diagnosis
        self.sensitivity = sensitivity
        self.solver = solver
    }
}

/// Which scenario a plan answers: its name and the SHA-256 of the file's bytes.
public struct ScenarioIdentity: Sendable, Equatable {
    public var name: String
    public var sha256: String
    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}

/// The tool and version that produced a plan.
public struct ToolIdentity: Sendable, Equatable {
    public var name: String = "sourcing"
    public var version: String = SourcingVersion.string
    public init() {}

    /// A tool identity as recorded in a plan file.
    public init(name: String, version: String) {
        self.init()
        self.name = name
        self.version = version
    }
}

/// Why the solver stopped, in the planner's terms.
public enum PlanStatus: String, Sendable, Equatable, CaseIterable {
    /// Least cost (for MIPs: within the requested gap).
    case optimal
    /// A MIP stopped by a limit with a plan in hand; `mipGap` says how far from optimal it may be.
    case feasible
    /// The rules cannot all be met; `diagnosis` says which.
    case infeasible
    /// Cost can fall without limit: a defect, since all costs are non-negative.
    case unbounded
    /// Stopped by the time limit before any plan was found.
    case timeLimit
    /// The solver failed.
    case error

    /// Whether the plan carries orders and deliveries.
    public var hasPlan: Bool { self == .optimal || self == .feasible }
}

/// Total cost by kind, discounted as in the objective; the parts sum to the objective.
public struct CostBreakdown: Sendable, Equatable {
    public var procurement: Double = 0
    public var fixed: Double = 0
    public var holding: Double = 0
    public var backlog: Double = 0
    public var unmet: Double = 0
    public var investment: Double = 0
    public var reserve: Double = 0
    public init() {}

    /// The sum of every kind.
    public var total: Double { procurement + fixed + holding + backlog + unmet + investment + reserve }

    /// The kinds of cost, in the plan's key order; each raw value is the kind's key in documents.
    public enum Kind: String, CaseIterable, Sendable {
        case procurement, fixed, holding, backlog, unmet, investment, reserve
    }

    /// The amount of one kind.
    public subscript(kind: Kind) -> Double {
        get {
            switch kind {
            case .procurement: procurement
            case .fixed: fixed
            case .holding: holding
            case .backlog: backlog
            case .unmet: unmet
            case .investment: investment
            case .reserve: reserve
            }
        }
        set {
            switch kind {
            case .procurement: procurement = newValue
            case .fixed: fixed = newValue
            case .holding: holding = newValue
            case .backlog: backlog = newValue
            case .unmet: unmet = newValue
            case .investment: investment = newValue
            case .reserve: reserve = newValue
            }
        }
    }

    /// (kind, amount) pairs in the plan's key order.
    public var entries: [(String, Double)] { Kind.allCases.map { ($0.rawValue, self[$0]) } }
}

/// One item's demand, deliveries and stock, per period.
public struct ItemPlan: Sendable, Equatable {
    public var id: String
    /// The item's name in the scenario, if it has one.
    public var name: String? = nil
    /// What one unit of the item is ("hull", "t"), if the scenario says.
    public var unit: String? = nil
    public var demand: [Double]
    public var delivered: [Double]
    /// Σ domesticContent × delivered.
    public var domestic: [Double]
    /// delivered − domestic.
    public var allied: [Double]
    /// Deliveries per country (every country with a source of the item, in scenario order).
    public var byCountry: [(id: String, values: [Double])]
    /// Deliveries per source (every source of the item, in scenario order).
    public var bySource: [(id: String, values: [Double])]
    public var inventory: [Double]
    public var backlog: [Double]
    /// domestic ÷ delivered; nil where nothing is delivered.
    public var domesticShare: [Double?]
    public var redundancy: Redundancy
    /// Units drawn per period by the lines that consume the item (zeros where nothing consumes
    /// it); nil when no source of the scenario consumes components.
    public var consumed: [Double]?
    /// What the item's own lines draw of each component, per component in scenario order (empty
    /// when its lines consume nothing); nil when no source of the scenario consumes components.
    public var components: [ComponentDependency]?

    public static func == (a: ItemPlan, b: ItemPlan) -> Bool {
        a.id == b.id && a.name == b.name && a.unit == b.unit && a.demand == b.demand && a.delivered == b.delivered
            && a.domestic == b.domestic
            && a.allied == b.allied && a.inventory == b.inventory && a.backlog == b.backlog
            && a.domesticShare == b.domesticShare && a.redundancy == b.redundancy
            && a.byCountry.map(\.id) == b.byCountry.map(\.id) && a.byCountry.map(\.values) == b.byCountry.map(\.values)
            && a.bySource.map(\.id) == b.bySource.map(\.id) && a.bySource.map(\.values) == b.bySource.map(\.values)
            && a.consumed == b.consumed && a.components == b.components
    }

    public init(
        id: String, demand: [Double], delivered: [Double], domestic: [Double], allied: [Double],
        byCountry: [(id: String, values: [Double])], bySource: [(id: String, values: [Double])],
        inventory: [Double], backlog: [Double], domesticShare: [Double?], redundancy: Redundancy,
        consumed: [Double]? = nil, components: [ComponentDependency]? = nil
    ) {
        self.id = id
        self.demand = demand
        self.delivered = delivered
        self.domestic = domestic
        self.allied = allied
        self.byCountry = byCountry
        self.bySource = bySource
        self.inventory = inventory
        self.backlog = backlog
        self.domesticShare = domesticShare
        self.redundancy = redundancy
        self.consumed = consumed
        self.components = components
    }
}

/// How concentrated an item's supply is, over the horizon.
public struct Redundancy: Sendable, Equatable {
    public var sourcesUsed: Int
    public var countriesUsed: Int
    /// The largest share of delivered units from one source; nil when nothing is delivered.
    public var largestSourceShare: Double?
    /// The largest share of delivered units from one foreign country; nil when nothing is delivered.
    public var largestAllyShare: Double?
    /// Herfindahl–Hirschman index of delivered units by source (0…1); nil when nothing is delivered.
    public var hhiSources: Double?
    /// Herfindahl–Hirschman index of delivered units by country (0…1); nil when nothing is delivered.
    public var hhiCountries: Double?
    /// The least share of a period's demand still covered (by reserves, or orders, plus net stock)
    /// if the worst single country drops out; nil when no period has demand.
    public var worstCountryLossCovered: Double?

    public init(
        sourcesUsed: Int, countriesUsed: Int, largestSourceShare: Double?, largestAllyShare: Double?,
        hhiSources: Double?, hhiCountries: Double?, worstCountryLossCovered: Double?
    ) {
        self.sourcesUsed = sourcesUsed
        self.countriesUsed = countriesUsed
        self.largestSourceShare = largestSourceShare
        self.largestAllyShare = largestAllyShare
        self.hhiSources = hhiSources
        self.hhiCountries = hhiCountries
        self.worstCountryLossCovered = worstCountryLossCovered
    }
}

/// One source's orders and deliveries, per period.
public struct SourcePlan: Sendable, Equatable {
    public var id: String
    /// The source's name in the scenario, if it has one.
    public var name: String? = nil
    public var country: String
    public var item: String
    /// Units ordered (started) in each period.
    public var orders: [Double]
    /// Units delivered in each period (orders shifted by the lead time).
    public var deliveries: [Double]
    /// Starts (or units in work, for concurrent capacity) ÷ capacity; nil where capacity is 0.
    public var utilization: [Double?]
    /// Whether the source takes any order.
    public var used: Bool
    /// Capacity held in reserve per period (items with a resilience rule only).
    public var reserve: [Double]?

    public init(
        id: String, country: String, item: String, orders: [Double], deliveries: [Double],
        utilization: [Double?], used: Bool, reserve: [Double]?
    ) {
        self.id = id
        self.country = country
        self.item = item
        self.orders = orders
        self.deliveries = deliveries
        self.utilization = utilization
        self.used = used
        self.reserve = reserve
    }
}

/// When an onshoring line's milestones fall (period labels, nil when not reached).
public struct OnshoringTimeline: Sendable, Equatable {
    public var source: String
    /// The period in which the N-th transfer unit is delivered.
    public var transferComplete: String?
    public var facilityInvestment: String?
    public var facilityReady: String?
    /// The first period with an order from the line.
    public var firstProduction: String?
    /// Units ordered from the line.
    public var unitsHome: Double
    /// Units ordered from its transfer sources; nil without a transfer.
    public var unitsAbroad: Double?
    /// Per period, the capacity the line really had: the scenario's capacity, limited by the
    /// ramp-up counted from the period the line may first work, and 0 before it may work.
    /// Empty when unknown (a plan file written before this key existed).
    public var capacity: [Double] = []
    /// Per period, starts (or units in work, for `concurrent` capacity) ÷ `capacity`; nil where
    /// that capacity is 0.
    public var utilization: [Double?] = []

    public init(
        source: String, transferComplete: String?, facilityInvestment: String?, facilityReady: String?,
        firstProduction: String?, unitsHome: Double, unitsAbroad: Double?
    ) {
        self.source = source
        self.transferComplete = transferComplete
        self.facilityInvestment = facilityInvestment
        self.facilityReady = facilityReady
        self.firstProduction = firstProduction
        self.unitsHome = unitsHome
        self.unitsAbroad = unitsAbroad
    }
}

/// A source that may take no orders, with every reason that applies.
public struct ExcludedSource: Sendable, Equatable {
    public var source: String
    public var reasons: [String]

    public init(source: String, reasons: [String]) {
        self.source = source
        self.reasons = reasons
    }
}

/// Size of the model and what the solver did.
public struct SolverFigures: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var nonzeros: Int
    public var integerColumns: Int
    public var seconds: Double
    public var glpkVersion: String
    public var settings: SolverSettingsUsed
    /// Whether the plan's values passed the check against the original model (every bound, row
    /// and integrality rule within 1e-6 relative; `LinearModel.verify`). False when there is no
    /// plan to check (infeasible, time limit, error).
    public var verified: Bool
    /// The largest relative violation of any rule by the plan's values, as checked (values below
    /// 1e-9 reported as 0, others to 2 significant digits, so that the noise of equivalent
    /// solves does not change the plan's bytes); nil when nothing was checked.
    public var maxViolation: Double?

    public init(
        rows: Int, columns: Int, nonzeros: Int, integerColumns: Int, seconds: Double,
        glpkVersion: String, settings: SolverSettingsUsed, verified: Bool = false, maxViolation: Double? = nil
    ) {
        self.rows = rows
        self.columns = columns
        self.nonzeros = nonzeros
        self.integerColumns = integerColumns
        self.seconds = seconds
        self.glpkVersion = glpkVersion
        self.settings = settings
        self.verified = verified
        self.maxViolation = maxViolation
    }

    /// A violation as plans report it: 0 below 1e-9, else 2 significant digits; nil when it is
    /// not finite (a value that is not a number), which JSON cannot hold.
    public static func reported(violation: Double) -> Double? {
        guard violation.isFinite else { return nil }
        if violation < 1e-9 { return 0 }
        let shift = 1 - Int(log10(violation).rounded(.down))
        if shift >= 0 { return (violation * pow(10, Double(shift))).rounded() / pow(10, Double(shift)) }
        return (violation / pow(10, Double(-shift))).rounded() * pow(10, Double(-shift))
    }
}

/// The solver settings a plan was made with.
public struct SolverSettingsUsed: Sendable, Equatable {
    public var timeLimitSeconds: Double?
    public var mipGap: Double
    public var presolve: Bool

    public init(timeLimitSeconds: Double?, mipGap: Double, presolve: Bool) {
        self.timeLimitSeconds = timeLimitSeconds
        self.mipGap = mipGap
        self.presolve = presolve
    }
}
