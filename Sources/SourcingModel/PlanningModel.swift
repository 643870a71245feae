import LinearSolver
import SourcingScenario

/// A scenario turned into the linear or mixed-integer program of the formulation, with the maps
/// that lead from rows and columns back to sources, items and periods.
///
/// Build it once with `PlanningModel(scenario:)`; `model` is plain data, handed to GLPK in one step.
public struct PlanningModel: Sendable {
    /// The scenario this model was built from.
    public let scenario: Scenario
    /// The program, as flat arrays.
    public internal(set) var model: LinearModel
    /// Column handles per source (index as in `scenario.sources`).
    public internal(set) var sourceColumns: [SourceColumns]
    /// Column and row handles per item (index as in `scenario.items`).
    public internal(set) var itemColumns: [ItemColumns]
    /// Rows that the infeasibility diagnosis may relax, with the rule each stands for.
    var relaxableRows: [RelaxableRow] = []
    /// Budget rows per period (nil where there is no budget).
    public internal(set) var budgetRows: [RowID?]
    /// Rows of each capacity pool (index as in `scenario.capacityPools`) per period; nil where the
    /// pool has no member that can start work then.
    public internal(set) var poolRows: [[RowID?]] = []
    /// Discount weight per period: 1 / (1 + r)^t.
    public let discount: [Double]
    /// Whether the source at each index may take orders.
    public let eligible: [Bool]
    /// Item index of each source.
    public let sourceItem: [Int]
    /// Country index of each source.
    public let sourceCountry: [Int]
    /// Every source of each item (eligible or not), in scenario order.
    public let sourcesOfItem: [[Int]]

    /// Columns and rows that belong to one source. Entries are nil where none exists;
    /// the per-period arrays have one entry per period.
    public struct SourceColumns: Sendable {
        /// Orders x[s,t], per order period.
        public var order: [ColumnID?]
        /// Reserves r[s,t] (items with a resilience rule), per order period.
        public var reserve: [ColumnID?]
        /// Fixed-cost binary y[s].
        public var fixedCostBinary: ColumnID?
        /// Minimum-order binaries o[s,t].
        public var minOrderBinary: [ColumnID?]
        /// Onshoring "may work" binaries w[s,t] (every period of an onshoring line; nil for others).
        public var mayWork: [ColumnID?]
        /// Onshoring facility-investment binaries v[s,t].
        public var invest: [ColumnID?]
        /// Onshoring "transfer complete by t" binaries z[s,t].
        public var transferDone: [ColumnID?]
        /// Capacity rows per period (nil where the capacity is a column bound).
        public var capacityRow: [RowID?]
        /// Sustaining-floor rows of a warm onshoring line, per period (empty for any other line).
        public var sustainRow: [RowID?] = []
    }

    /// Columns and rows that belong to one item.
    public struct ItemColumns: Sendable {
        /// Inventory I[i,t], per period.
        public var inventory: [ColumnID]
        /// Backlog B[i,t], per period; nil for items with hard demand (no `backlogPenalty`).
        public var backlog: [ColumnID?]
        /// Balance rows per period: their duals are the marginal cost of demand.
        public var balanceRow: [RowID]
    }

    /// What a relaxable row stands for, and the direction in which its slack helps.
    struct RelaxableRow: Sendable {
        enum Rule: String, Sendable {
            case demand, domesticShareMin, domesticShareMax, maxSharePerSource, maxSharePerAlly
            case minSources, minCountries, resilience, budget
        }
        var row: RowID
        /// +1: the slack is added to the row (helps a ≥ row or supplies demand); −1: subtracted (helps a ≤ row).
        var sign: Double
        var rule: Rule
        var item: Int?
        var source: Int?
        var country: Int?
        var period: Int?
    }

    /// The order periods in which a source can place orders (eligible, inside its window,
    /// delivery inside the horizon).
    public func orderPeriods(ofSource s: Int) -> [Int] {
        sourceColumns[s].order.indices.filter { sourceColumns[s].order[$0] != nil }
    }
}
