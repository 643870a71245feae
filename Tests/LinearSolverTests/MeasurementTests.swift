import Foundation
import Testing
@testable import LinearSolver

/// Timings worth knowing, printed rather than asserted (machines differ). Run with
/// `LINEAR_SOLVER_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter MeasurementTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LINEAR_SOLVER_MEASURE"] == "1"))
struct MeasurementTests {
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    @Test func loadMillionNonzeros() throws {
        var model = LinearModel()
        let build = seconds { model = Fixtures.transportation(sources: 708, sinks: 708, seed: 1) }
        var errors: [SolverError] = []
        let validate = seconds { errors = model.validationErrors() }
        #expect(errors.isEmpty)
        var problem: LinearProblem?
        let load = try seconds { problem = try LinearProblem(model) }
        var named = model
        named.columnNames = (0..<model.columnCount).map { "x\($0)" }
        named.rowNames = (0..<model.rowCount).map { "r\($0)" }
        let loadNamed = try seconds { _ = try LinearProblem(named) }
        print("MEASURE 1M: nonzeros \(problem!.nonzeroCount), build \(build) s, validate \(validate) s, load (incl. validation) \(load) s, load with names \(loadNamed) s")
    }

    @Test func warmVersusCold() throws {
        let model = Fixtures.transportation(sources: 200, sinks: 200, seed: 2)
        for method in [SolveOptions.Method.dualThenPrimal, .primal, .dual] {
            let options = SolveOptions(method: method, presolve: false)
            let problem = try LinearProblem(model)
            let cold = problem.solve(options)
            let used = cold.columnValues.indices.filter { cold.columnValues[$0] > 0.5 }
            let column = used.min { model.objective[$0] < model.objective[$1] }!
            try problem.setObjective(column: column, 500)
            let warmCost = problem.solve(options)
            try problem.setRowBounds(model.rowCount - 1, lower: model.rowLower.last! + 5, upper: .infinity)
            let warmBound = problem.solve(options)
            var changed = model
            changed.setObjective(column: column, 500)
            let coldChanged = try LinearProblem(changed).solve(options)
            print("MEASURE warm/cold \(method): cold \(cold.iterations) it \(cold.seconds) s; cost change warm \(warmCost.iterations) it \(warmCost.seconds) s vs cold \(coldChanged.iterations) it \(coldChanged.seconds) s; bound change warm \(warmBound.iterations) it \(warmBound.seconds) s objective \(warmCost.objective!) -> \(warmBound.objective!) (\(warmBound.termination)); presolved cold \(try LinearProblem(model).solve(SolveOptions(method: method)).seconds) s")
        }
    }

    @Test func timeLimitedMIP() throws {
        let problem = try LinearProblem(Fixtures.marketSplit(rows: 6, binaries: 50, seed: 7))
        for limit in [1.0, 5.0] {
            let solution = problem.solve(SolveOptions(timeLimit: limit))
            print("MEASURE MIP limit \(limit): \(solution.termination) objective \(String(describing: solution.objective)) gap \(String(describing: solution.mipGap)) in \(solution.seconds) s")
        }
        let presolveOff = problem.solve(SolveOptions(presolve: false, timeLimit: 1))
        print("MEASURE MIP limit 1 presolve off: \(presolveOff.termination) objective \(String(describing: presolveOff.objective)) gap \(String(describing: presolveOff.mipGap)) in \(presolveOff.seconds) s")
    }
}
