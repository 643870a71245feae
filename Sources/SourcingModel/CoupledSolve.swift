import Foundation
import LinearSolver
import SourcingScenario

// Budget-coupled LPs: a budget row per period ties every item together, so the item blocks
// cannot be solved alone. But they can start the solve. Without the linking rows the model falls
// apart into blocks (BlockStructure); each block's LP is solved on its own, in parallel, and
// their optimal bases, with every linking row's slack basic, make a basis of the whole model.
// That basis is dual feasible (the linking rows' duals are 0, every block's reduced costs keep
// their optimal signs) and primal infeasible only in the linking rows the blocks' plans break.
// When the plans keep every link, it is optimal as it stands. When they do not, the dual simplex
// on the whole model from there walks to the links' optimal prices pivot by pivot on the whole
// matrix (56 s on the generator's LP core at 200 items x 8 sources x 30 periods, with a
// budget share of 0.9), so the links are priced first by Dantzig–Wolfe over the blocks
// (LinkPricing.swift) and the finish starts from the blocks' bases at those prices, on the
// objective priced the same way, which keeps that basis dual feasible: about 30 dual simplex
// pivots, then the primal simplex restores the original objective. The answer is GLPK's optimum
// of the whole model either way (exact, checked like every plan), and the plan (diagnosis,
// sensitivity, ranging) is made from the whole model as before.
//
// Measured in Benchmarks/README.md ("Budget-coupled LPs").

extension PlanningModel {
    /// The rows that tie items together (the budget rows).
    var linkingRows: [RowID] { budgetRows.compactMap { $0 } }

    /// The decomposition of the model over its linking rows, or nil when it has none, is a MIP,
    /// or falls into fewer than two blocks. `minimumBlockEntries` packs small blocks together
    /// (see ``BlockStructure``).
    func linkPricing(minimumBlockEntries: Int = 256) -> LinkPricing? {
        let links = linkingRows
        guard !links.isEmpty, !model.columnKinds.contains(where: { $0 != .continuous }) else { return nil }
        let structure = BlockStructure(model: model, linkingRows: links, minimumEntries: minimumBlockEntries)
        guard structure.blockCount > 1 else { return nil }
        return LinkPricing(model: model, structure: structure)
    }

    /// Solves the whole model loaded in `problem`: from the blocks' bases at the linking rows'
    /// prices when the model has linking rows and `decompose` allows it (see the file comment
    /// and LinkPricing.swift), else from GLPK's own start. The time limit covers the
    /// decomposition and the finish; `seconds` counts both, `iterations` the finish's pivots.
    func solveWhole(
        _ problem: LinearProblem, options solveOptions: SolveOptions, decompose: Bool, jobs: Int,
        minimumBlockEntries: Int = 256
    ) -> Solution {
        guard decompose, let pricing = linkPricing(minimumBlockEntries: minimumBlockEntries) else {
            return problem.solve(solveOptions)
        }
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            let duration = clock.now - started
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        var deadline = solveOptions.deadline
        if let limit = solveOptions.timeLimit {
            let end = started + .nanoseconds(Int64(min(limit, 1e9) * 1e9))
            deadline = deadline.map { min($0, end) } ?? end
        }
        let prices: LinkPrices
        switch pricing.prices(options: solveOptions, jobs: jobs, deadline: deadline) {
        case .infeasible: return Solution(termination: .infeasible, seconds: elapsed())
        case .none: return problem.solve(solveOptions)
        case .prices(let found): prices = found
        }
        var finish = solveOptions
        finish.presolve = false
        finish.method = .dualThenPrimal
        finish.timeLimit = nil
        finish.deadline = deadline
        // The priced objective on the linked columns; the composed basis is dual feasible for it.
        var priced: [ColumnID] = []
        if prices.rounds > 0 {
            for j in model.columns where pricing.isLinked(j) {
                let value = pricing.pricedObjective(j, prices: prices.prices)
                guard value != model.objective[j.index] else { continue }
                guard (try? problem.setObjective(column: j, value)) != nil else { return problem.solve(solveOptions) }
                priced.append(j)
            }
        }
        let basis = pricing.structure.composedBasis(
            prices.blockBases, rowCount: model.rowCount, columnCount: model.columnCount)
        do { try problem.setBasis(basis) } catch {
            for j in priced { try? problem.setObjective(column: j, model.objective[j.index]) }
            return problem.solve(solveOptions)
        }
        var iterations = 0
        if !priced.isEmpty {
            let first = problem.solve(finish)
            iterations = first.iterations
            for j in priced {
                guard (try? problem.setObjective(column: j, model.objective[j.index])) != nil else {
                    return problem.solve(solveOptions)
                }
            }
        }
        // The original objective: from the priced optimum's basis (primal feasible), or from the
        // unpriced blocks' basis (dual feasible).
        var solution = problem.solve(finish)
        solution.iterations += iterations
        solution.seconds = elapsed()
        return solution
    }
}
