import Foundation
import LinearSolver
import SourcingScenario

// Budget-coupled LPs: a budget row per period ties every item together, so the item blocks
// cannot be solved alone. But they can start the solve. Without the linking rows the model falls
// apart into blocks (BlockStructure); each block's LP is solved on its own, in parallel, and
// their optimal bases, with every linking row's slack basic, make a basis of the whole model.
// That basis is dual feasible (the linking rows' duals are 0, every block's reduced costs keep
// their optimal signs) and primal infeasible only in the linking rows the blocks' plans break.
// The dual simplex on the whole model, started there, ends at the whole model's optimum: the
// same problem solved by GLPK, just from a better basis, so the answer is exact, and the plan
// (diagnosis, sensitivity, ranging) is made from the whole model as before. When the blocks'
// plans already keep every budget, the dual simplex has nothing left to do.
//
// Measured against Dantzig–Wolfe and Lagrangian alternatives in Benchmarks/README.md.

/// What solving the blocks alone gave.
enum CoupledStart {
    /// A basis of the whole model (each block's optimal basis, linking rows basic).
    case basis(Basis, blocks: Int)
    /// A block alone is infeasible, so the whole model is.
    case infeasible
}

extension PlanningModel {
    /// The rows that tie items together (the budget rows).
    var linkingRows: [Int] { budgetRows.compactMap { $0 } }

    /// Solves the blocks of the model without its linking rows on `jobs` threads and composes
    /// their optimal bases; nil when the model has no linking row or falls into fewer than two
    /// blocks, or when a block ends other than optimal or infeasible (then the caller solves
    /// the whole model from GLPK's own start).
    /// `minimumBlockEntries` packs small blocks together (see ``BlockStructure``).
    func coupledStart(options: SolveOptions, jobs: Int, minimumBlockEntries: Int = 256) -> CoupledStart? {
        let links = linkingRows
        guard !links.isEmpty, !model.columnKinds.contains(where: { $0 != .continuous }) else { return nil }
        let structure = BlockStructure(model: model, linkingRows: links, minimumEntries: minimumBlockEntries)
        guard structure.blockCount > 1 else { return nil }
        let started = ContinuousClock.now
        let model = self.model
        enum Outcome: Sendable { case optimal(Basis), infeasible, other }
        let outcomes = runInParallel(
            count: structure.blockCount, jobs: jobs, makeWorker: { () },
            work: { _, b -> Outcome in
                // A deadline in the options passes to every block as it is.
                var blockOptions = options
                if let limit = options.timeLimit {
                    let elapsed = ContinuousClock.now - started
                    blockOptions.timeLimit = max(0.001, limit - Double(elapsed.components.seconds) - Double(elapsed.components.attoseconds) * 1e-18)
                }
                guard let problem = try? LinearProblem(structure.submodel(b, of: model)) else { return .other }
                let solution = problem.solve(blockOptions)
                switch solution.termination {
                case .optimal: return .optimal(problem.basis())
                case .infeasible: return .infeasible
                default: return .other
                }
            })
        var bases: [Basis] = []
        bases.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            switch outcome {
            case .optimal(let basis): bases.append(basis)
            case .infeasible: return .infeasible
            case .other, nil: return nil
            }
        }
        return .basis(structure.composedBasis(bases, rowCount: model.rowCount, columnCount: model.columnCount),
                      blocks: structure.blockCount)
    }

    /// Solves the whole model loaded in `problem`: from the blocks' composed basis when the
    /// model has linking rows and `decompose` allows it (see the file comment), else from GLPK's
    /// own start. The time limit covers the blocks and the finish; `seconds` counts both.
    func solveWhole(
        _ problem: LinearProblem, options solveOptions: SolveOptions, decompose: Bool, jobs: Int, minimumBlockEntries: Int = 256
    ) -> Solution {
        guard decompose else { return problem.solve(solveOptions) }
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed() -> Double {
            let duration = clock.now - started
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        switch coupledStart(options: solveOptions, jobs: jobs, minimumBlockEntries: minimumBlockEntries) {
        case nil:
            return problem.solve(solveOptions)
        case .infeasible:
            return Solution(termination: .infeasible, seconds: elapsed())
        case .basis(let basis, _):
            do { try problem.setBasis(basis) } catch { return problem.solve(solveOptions) }
            var finish = solveOptions
            finish.presolve = false
            finish.method = .dualThenPrimal
            if let limit = solveOptions.timeLimit { finish.timeLimit = max(0.001, limit - elapsed()) }
            var solution = problem.solve(finish)
            solution.seconds = elapsed()
            return solution
        }
    }
}
