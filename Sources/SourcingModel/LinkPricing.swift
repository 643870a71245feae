import LinearSolver

// Prices for the linking rows by Dantzig–Wolfe decomposition, so that the whole model's solve
// starts next to its optimum instead of at the blocks' unlinked plans.
//
// The blocks' composed basis (CoupledSolve.swift) is dual feasible with every linking row's dual
// at 0; when the blocks' plans overspend the budget, GLPK's dual simplex walks from those prices
// to the optimal ones on the whole model, thousands of pivots on a matrix of all the items. The
// master problem below finds the linking rows' prices on a problem the size of the links: its
// columns are the blocks' plans (proposals), its rows the linking rows and one convexity row per
// block. Each round solves the master, prices every block's columns (cⱼ − Σₗ πₗ aₗⱼ) at prices
// between the master's duals and the best ones so far (Wentges smoothing), re-solves the blocks
// from their previous bases in parallel, and adds each plan whose reduced cost at the master's
// duals is negative. The blocks' values at any prices give a Lagrangian bound on the whole
// model's optimum, and the master's objective is above it; the rounds stop when the two are
// within a relative 1e-6 (or, at the master's own duals, no plan improves).
//
// The prices are not the answer: the whole model is. With the objective priced the same way
// (cⱼ − Σₗ πₗ aₗⱼ), the blocks' last bases, composed with every linking row basic, are dual
// feasible for the whole model, whose optimal plan is the original one's (the priced objective
// differs from the original by πᵀ(A x), constant on the rows the prices are non-zero on at the
// optimum). The dual simplex finishes the priced model from there, usually in few pivots as the
// plans nearly keep the links, and the primal simplex then restores the original objective from
// that basis. Both are GLPK's own solves of the whole model, so the answer is GLPK's exact
// optimum, checked like every other.
//
// Master feasibility: the first proposals (the unlinked plans) may break a link no convex
// combination of them keeps, so each linking row has elastic columns at a high price; when the
// finished master still uses one, the prices are not trusted and the caller solves as before.

/// The linking rows' prices and the bases of the blocks solved at those prices.
struct LinkPrices {
    /// The price of each linking row, in the order of ``BlockStructure/linkingRows`` (a dual,
    /// GLPK's sign convention).
    var prices: [Double]
    /// The optimal basis of each block with its columns priced at ``prices``.
    var blockBases: [Basis]
    /// Master rounds used.
    var rounds: Int
}

/// A column of the master problem: one block's plan.
private struct Proposal: Sendable {
    var block: Int
    /// The plan's cost at the original objective (block columns only).
    var cost: Double
    /// Its activity in each linking row (position in `linkingRows`), zeros left out.
    var usage: [(link: Int, value: Double)]
}

/// What a block's solve at given prices gave.
private enum BlockAnswer: Sendable {
    /// Optimal: the plan's cost and link activity, its priced value, and its basis.
    case optimal(Proposal, pricedValue: Double, Basis)
    case infeasible
    case failed
}

/// The master and its pricing over one model and its block structure.
struct LinkPricing {
    let model: LinearModel
    let structure: BlockStructure
    /// For each model column, its entries in the linking rows (CSR over columns).
    private let linkStart: [Int]
    private let linkPosition: [Int32]
    private let linkValue: [Double]
    private let submodels: [LinearModel]

    init(model: LinearModel, structure: BlockStructure) {
        self.model = model
        self.structure = structure
        let n = model.columnCount
        // Each linking row's position in `linkingRows`; nil for the blocks' rows.
        var position = [Int32?](repeating: nil, count: model.rowCount)
        for (k, row) in structure.linkingRows.enumerated() { position[row.index] = Int32(k) }
        var count = [Int](repeating: 0, count: n + 1)
        for k in model.entryRows.indices where position[Int(model.entryRows[k])] != nil {
            count[Int(model.entryColumns[k]) + 1] += 1
        }
        for j in 0..<n { count[j + 1] += count[j] }
        var next = count
        var linkPosition = [Int32](repeating: 0, count: count[n])
        var linkValue = [Double](repeating: 0, count: count[n])
        for k in model.entryRows.indices {
            guard let p = position[Int(model.entryRows[k])] else { continue }
            let j = Int(model.entryColumns[k])
            linkPosition[next[j]] = p
            linkValue[next[j]] = model.entryValues[k]
            next[j] += 1
        }
        linkStart = count
        self.linkPosition = linkPosition
        self.linkValue = linkValue
        submodels = (0..<structure.blockCount).map { structure.submodel($0, of: model) }
    }

    /// A column's objective with the linking rows priced at `prices` (one per linking row).
    func pricedObjective(_ column: ColumnID, prices: [Double]) -> Double {
        let j = column.index
        var value = model.objective[j]
        for k in linkStart[j]..<linkStart[j + 1] { value -= prices[Int(linkPosition[k])] * linkValue[k] }
        return value
    }

    /// Whether a column has an entry in a linking row.
    func isLinked(_ column: ColumnID) -> Bool { linkStart[column.index + 1] > linkStart[column.index] }

    /// Solves every block at `prices` on `jobs` threads, each from its basis in `bases` if any.
    private func solveBlocks(prices: [Double], bases: [Basis?], options: SolveOptions, jobs: Int) -> [BlockAnswer?] {
        runInParallel(
            count: structure.blockCount, jobs: jobs, makeWorker: { () },
            work: { _, b -> BlockAnswer in
                var sub = submodels[b]
                let columns = structure.blockColumns[b]
                for (local, j) in columns.enumerated() where isLinked(j) {
                    sub.setObjective(column: ColumnID(local), pricedObjective(j, prices: prices))
                }
                guard let problem = try? LinearProblem(sub) else { return .failed }
                var blockOptions = options
                if let basis = bases[b], (try? problem.setBasis(basis)) != nil {
                    blockOptions.presolve = false
                    blockOptions.method = .primal
                }
                let solution = problem.solve(blockOptions)
                switch solution.termination {
                case .optimal:
                    guard let priced = solution.objective else { return .failed }
                    var cost = 0.0
                    var usage = [Double](repeating: 0, count: structure.linkingRows.count)
                    for (local, column) in columns.enumerated() {
                        let x = solution.columnValues[local]
                        let j = column.index
                        guard x != 0 else { continue }
                        cost += model.objective[j] * x
                        for k in linkStart[j]..<linkStart[j + 1] { usage[Int(linkPosition[k])] += linkValue[k] * x }
                    }
                    let sparse = usage.enumerated().filter { $0.element != 0 }.map {
                        (link: $0.offset, value: $0.element)
                    }
                    return .optimal(
                        Proposal(block: b, cost: cost, usage: sparse), pricedValue: priced - sub.objectiveConstant,
                        problem.basis())
                case .infeasible: return .infeasible
                default: return .failed
                }
            })
    }

    /// Outcome of ``prices(options:jobs:deadline:maximumRounds:)``.
    enum Outcome {
        /// Prices found; or, with `rounds` 0 and every price 0, the unlinked blocks' bases, when
        /// they keep every link or when no trustworthy prices were found (the master failed,
        /// the rounds or the time ran out, or the master still needs its elastic columns).
        case prices(LinkPrices)
        /// A block alone is infeasible, so the whole model is.
        case infeasible
        /// A block's solve failed: no start at all.
        case none
    }

    /// How far the smoothed prices lean towards the best-bound ones (Wentges): against none,
    /// 0.8 left a third fewer master columns (3,747 instead of 5,729) and half the master's time
    /// (0.60 s instead of 1.22 s) on the generator's LP core with a budget share of 0.9 at 200 x 8 x 30, in
    /// as many rounds (38).
    static let smoothing = 0.8
    /// The relative gap between the master and the best bound at which the prices are good
    /// enough for the finish: on the same cases 1e-4 left about 4 times the finish's pivots
    /// (117-125 instead of 30-32) for no faster total, and 1e-5 and 1e-7 gave the same totals.
    static let tolerance = 1e-6

    /// Runs the decomposition: round 0 solves the blocks unpriced; then master and pricing
    /// rounds until the master's objective and the best Lagrangian bound meet.
    func prices(options: SolveOptions, jobs: Int, deadline: ContinuousClock.Instant?, maximumRounds: Int = 200)
        -> Outcome
    {
        guard model.direction == .minimize else { return .none }
        let links = structure.linkingRows
        let blockCount = structure.blockCount
        var blockOptions = options
        blockOptions.timeLimit = nil
        blockOptions.deadline = deadline
        var prices = [Double](repeating: 0, count: links.count)
        var bases = [Basis?](repeating: nil, count: blockCount)
        var proposals: [Proposal] = []  // the unlinked plans: the master's first columns

        // Round 0: the unlinked plans. If they keep every link, no prices are needed.
        let first = solveBlocks(prices: prices, bases: bases, options: blockOptions, jobs: jobs)
        var total = [Double](repeating: 0, count: links.count)
        for answer in first {
            switch answer {
            case .optimal(let proposal, _, let basis)?:
                bases[proposal.block] = basis
                proposals.append(proposal)
                for (link, value) in proposal.usage { total[link] += value }
            case .infeasible?: return .infeasible
            case .failed?, nil: return .none
            }
        }
        let unpriced = Outcome.prices(
            LinkPrices(
                prices: Array(repeating: 0, count: links.count),
                blockBases: bases.map { $0! }, rounds: 0))
        let keepsLinks = links.indices.allSatisfy { k in
            let row = links[k].index
            let scale = max(1, abs(total[k]))
            return total[k] >= model.rowLower[row] - 1e-9 * scale && total[k] <= model.rowUpper[row] + 1e-9 * scale
        }
        if keepsLinks { return unpriced }

        // The elastic price: far above any cost per unit of link activity in the model.
        var largestCost = 0.0
        var smallestLink = Double.infinity
        for j in 0..<model.columnCount { largestCost = max(largestCost, abs(model.objective[j])) }
        for value in linkValue where value != 0 { smallestLink = min(smallestLink, abs(value)) }
        let elastic = 1e4 * max(1, largestCost) / min(1, smallestLink.isFinite ? smallestLink : 1)

        guard let master = try? Master(links: links, model: model, blockCount: blockCount, elastic: elastic),
            (try? master.add(proposals)) != nil
        else { return unpriced }
        // The unlinked plans are the blocks' optima at zero prices: a valid bound to start from.
        var center = [Double](repeating: 0, count: links.count)
        var bestBound = proposals.reduce(0) { $0 + $1.cost }
        for round in 1...maximumRounds {
            if let deadline, ContinuousClock.now >= deadline { return unpriced }
            guard let answer = master.solve(options: blockOptions) else { return unpriced }
            let scale = max(1, abs(answer.objective))
            // Wentges smoothing: price between the best-bound prices and the master's.
            var added: [Proposal] = []
            var attempt = 0
            while true {
                let alpha = attempt == 0 ? Self.smoothing : 0
                prices = zip(center, answer.linkDuals).map { alpha * $0 + (1 - alpha) * $1 }
                let answers = solveBlocks(prices: prices, bases: bases, options: blockOptions, jobs: jobs)
                var bound = 0.0
                for (k, row) in links.enumerated() where prices[k] != 0 {
                    let side = prices[k] < 0 ? model.rowUpper[row.index] : model.rowLower[row.index]
                    bound += side.isFinite ? prices[k] * side : -.infinity
                }
                for blockAnswer in answers {
                    guard case .optimal(let proposal, let priced, let basis)? = blockAnswer else { return unpriced }
                    bases[proposal.block] = basis
                    bound += priced
                    var reduced = proposal.cost - answer.convexityDuals[proposal.block]
                    for (link, value) in proposal.usage { reduced -= answer.linkDuals[link] * value }
                    if reduced < -1e-9 * scale { added.append(proposal) }
                }
                if bound > bestBound {
                    bestBound = bound
                    center = prices
                }
                if !added.isEmpty || alpha == 0 { break }
                attempt += 1
            }
            let gap = answer.objective - bestBound
            if gap <= Self.tolerance * scale || added.isEmpty {
                guard answer.elasticUse <= 1e-9 * scale else { return unpriced }
                return .prices(LinkPrices(prices: prices, blockBases: bases.map { $0! }, rounds: round))
            }
            guard (try? master.add(added)) != nil else { return unpriced }
        }
        return unpriced
    }

    private struct MasterAnswer {
        var objective: Double
        var linkDuals: [Double]
        var convexityDuals: [Double]
        /// Total activity of the elastic columns.
        var elasticUse: Double
    }

    /// The master problem, kept loaded in GLPK on the calling thread: rows are the linking rows
    /// then one convexity row per block; columns the elastic ones (two per link, below and
    /// above) then the proposals, added each round. Each solve starts from the last basis.
    private final class Master {
        let problem: LinearProblem
        let linkCount: Int
        /// The master's rows: one per link (in the order of `links`), then one convexity row per block.
        let linkRows: [RowID]
        let convexityRows: [RowID]

        init(links: [RowID], model: LinearModel, blockCount: Int, elastic: Double) throws(SolverError) {
            var master = LinearModel()
            linkRows = links.map { master.addRow(lower: model.rowLower[$0.index], upper: model.rowUpper[$0.index]) }
            convexityRows = (0..<blockCount).map { _ in master.addRow(lower: 1, upper: 1) }
            for row in linkRows {
                let below = master.addColumn(lower: 0, upper: .infinity, objective: elastic)
                master.addEntry(row: row, column: below, value: 1)
                let above = master.addColumn(lower: 0, upper: .infinity, objective: elastic)
                master.addEntry(row: row, column: above, value: -1)
            }
            problem = try LinearProblem(master)
            linkCount = links.count
        }

        func add(_ proposals: [Proposal]) throws(SolverError) {
            try problem.addColumns(
                proposals.map { proposal in
                    (
                        lower: 0, upper: .infinity, objective: proposal.cost,
                        entries: proposal.usage.map { (row: linkRows[$0.link], value: $0.value) }
                            + [(row: convexityRows[proposal.block], value: 1)]
                    )
                })
        }

        func solve(options: SolveOptions) -> MasterAnswer? {
            var options = options
            options.presolve = false
            options.method = .primal
            let solution = problem.solve(options)
            guard solution.termination == .optimal, let objective = solution.objective, let duals = solution.rowDuals
            else {
                return nil
            }
            return MasterAnswer(
                objective: objective, linkDuals: Array(duals.prefix(linkCount)),
                convexityDuals: Array(duals.dropFirst(linkCount)),
                elasticUse: solution.columnValues.prefix(2 * linkCount).reduce(0, +))
        }
    }
}
