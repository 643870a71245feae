import Testing

@testable import LinearSolver

func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-7) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

func close(_ a: [Double]?, _ b: [Double], tolerance: Double = 1e-7) -> Bool {
    guard let a, a.count == b.count else { return false }
    return zip(a, b).allSatisfy { close($0, $1, tolerance: tolerance) }
}

/// The SolverError thrown by body, or nil if it throws nothing (any other error fails the test).
func thrownError(_ body: () throws -> Void) -> SolverError? {
    do { try body() } catch let error as SolverError { return error } catch {
        Issue.record("unexpected error \(error)")
    }
    return nil
}

@Suite struct SolveTests {
    @Test(arguments: [true, false], [SolveOptions.Method.primal, .dual, .dualThenPrimal])
    func textbookLP(presolve: Bool, method: SolveOptions.Method) throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        #expect(problem.rowCount == 3 && problem.columnCount == 2 && problem.nonzeroCount == 4)
        #expect(!problem.isMIP)
        let solution = problem.solve(SolveOptions(method: method, presolve: presolve))
        #expect(solution.termination == .optimal)
        #expect(solution.hasSolution)
        #expect(close(solution.objective, 36))
        #expect(close(solution.columnValues, [2, 6]))
        #expect(close(solution.rowActivities, [2, 12, 18]))  // x, 2y, 3x + 2y
        #expect(close(solution.rowDuals, [0, 1.5, 1]))  // worked out in Fixtures.textbookLP
        #expect(close(solution.reducedCosts, [0, 0]))  // both columns basic
        #expect(solution.mipGap == nil)
        #expect(solution.error == nil)
    }

    /// The textbook LP (optimum 36) plus z with objective 4 in rows 0 and 2:
    /// max 3x + 5y + 4z, x + z <= 4, 2y <= 12, 3x + 2y + z <= 18. y = 6 still (5 per unit of
    /// row 1 alone); then x + z <= 4 and 3x + z <= 6: z = 4, x = 0 gives 16 (x = 1, z = 3 gives
    /// 15), so 30 + 16 = 46. The column is added to the solved problem and the solve starts
    /// from the old basis.
    @Test func addedColumnsKeepTheBasisAndJoinTheNextSolve() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        let options = SolveOptions(method: .primal, presolve: false)
        #expect(close(problem.solve(options).objective, 36))
        let first = try problem.addColumns([
            (lower: 0, upper: .infinity, objective: 4, entries: [(row: 0, value: 1), (row: 2, value: 1)])
        ])
        #expect(first == 2 && problem.columnCount == 3 && problem.nonzeroCount == 6)
        #expect(problem.basis().columnStatus[2] == .lowerBound)
        let solution = problem.solve(options)
        #expect(close(solution.objective, 46))
        #expect(close(solution.columnValues, [0, 6, 4]))
        #expect(solution.iterations <= 2)
    }

    @Test func invalidAddedColumnsChangeNothing() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        let good = (lower: 0.0, upper: Double.infinity, objective: 1.0, entries: [(row: RowID(0), value: 1.0)])
        #expect(
            thrownError {
                try problem.addColumns([good, (lower: 0, upper: 1, objective: 0, entries: [(row: 3, value: 1)])])
            }
                == .indexOutOfRange(kind: "row", index: 3, count: 3))
        #expect(
            thrownError {
                try problem.addColumns([
                    (lower: 0, upper: 1, objective: 0, entries: [(row: 1, value: 1), (row: 1, value: 2)])
                ])
            }
                == .duplicateEntry(row: 1, column: 2))
        #expect(
            thrownError { try problem.addColumns([(lower: -.infinity, upper: 1, objective: 0, entries: [])]) }
                == .invalidBounds(what: "column 2", lower: -.infinity, upper: 1))
        #expect(thrownError { try problem.addColumns([(lower: 0, upper: 1, objective: .nan, entries: [])]) } != nil)
        #expect(problem.columnCount == 2 && problem.nonzeroCount == 4)
    }

    @Test func objectiveConstantIsIncluded() throws {
        var model = Fixtures.textbookLP()
        model.objectiveConstant = 100
        let solution = try LinearProblem(model).solve()
        #expect(close(solution.objective, 136))  // 36 + 100
    }

    @Test(arguments: [true, false])
    func knapsackMIP(presolve: Bool) throws {
        let problem = try LinearProblem(Fixtures.knapsack())
        #expect(problem.isMIP && problem.integerColumnCount == 4)
        #expect(problem.columnBounds(0) == (0, 1))  // binary: bounds 0...1
        let solution = problem.solve(SolveOptions(presolve: presolve))
        #expect(solution.termination == .optimal)
        #expect(close(solution.objective, 23))  // a + b, see Fixtures.knapsack
        #expect(close(solution.columnValues, [1, 1, 0, 0]))
        #expect(close(solution.rowActivities, [10]))
        #expect(solution.mipGap == 0)
        #expect(solution.rowDuals == nil && solution.reducedCosts == nil)
    }

    @Test(arguments: [true, false])
    func infeasibleLP(presolve: Bool) throws {
        let solution = try LinearProblem(Fixtures.infeasibleLP()).solve(SolveOptions(presolve: presolve))
        #expect(solution.termination == .infeasible)
        #expect(!solution.hasSolution && solution.columnValues.isEmpty)
    }

    @Test(arguments: [true, false], [SolveOptions.Method.primal, .dual, .dualThenPrimal])
    func unboundedLP(presolve: Bool, method: SolveOptions.Method) throws {
        let solution = try LinearProblem(Fixtures.unboundedLP()).solve(SolveOptions(method: method, presolve: presolve))
        #expect(solution.termination == .unbounded)
        #expect(!solution.hasSolution)
    }

    @Test(arguments: [true, false])
    func infeasibleMIP(presolve: Bool) throws {
        let solution = try LinearProblem(Fixtures.infeasibleMIP()).solve(SolveOptions(presolve: presolve))
        #expect(solution.termination == .infeasible)
        #expect(!solution.hasSolution)
    }

    @Test(arguments: [true, false])
    func unboundedMIP(presolve: Bool) throws {
        var model = Fixtures.unboundedLP()
        model.setColumnKind(0, .integer)
        let solution = try LinearProblem(model).solve(SolveOptions(presolve: presolve))
        #expect(solution.termination == .unbounded)
    }

    @Test func lpWithoutRowsAndEmptyModel() throws {
        // min x - y with x in [1, 5], y in [-2, 3]: x = 1, y = 3, z = -2.
        var model = LinearModel()
        model.addColumn(lower: 1, upper: 5, objective: 1)
        model.addColumn(lower: -2, upper: 3, objective: -1)
        for presolve in [true, false] {
            let solution = try LinearProblem(model).solve(SolveOptions(presolve: presolve))
            #expect(solution.termination == .optimal)
            #expect(close(solution.objective, -2))
            #expect(close(solution.columnValues, [1, 3]))
        }
        let empty = try LinearProblem(LinearModel()).solve()
        #expect(empty.termination == .optimal)
        #expect(close(empty.objective, 0))
    }

    @Test(.timeLimit(.minutes(1)))
    func timeLimitedMIPStopsWithIncumbentOrTimeLimit() throws {
        // 6 market-split rows over 50 binaries: far beyond what branch-and-bound proves in 1 s.
        let problem = try LinearProblem(Fixtures.marketSplit(rows: 6, binaries: 50, seed: 7))
        let clock = ContinuousClock()
        let start = clock.now
        let solution = problem.solve(SolveOptions(timeLimit: 1))
        let elapsed = clock.now - start
        #expect(elapsed < .milliseconds(1500))
        #expect(solution.seconds <= 1.5)
        #expect(solution.termination == .feasible || solution.termination == .timeLimit)
        if solution.termination == .feasible {
            let gap = try #require(solution.mipGap)
            #expect(gap > 0)
            #expect(solution.objective! > 0)  // a zero-slack split would have been optimal
            #expect(solution.columnValues.count == problem.columnCount)
        }
    }

    /// A deadline earlier than the time limit wins, and branch-and-bound stops at it (the
    /// callback's glp_ios_terminate), not at GLPK's own limit, which restarts after the LP
    /// relaxation. Margin 0.5 s: a loaded debug build measured ~0.05 s over.
    @Test(.timeLimit(.minutes(1)))
    func aDeadlineStopsBranchAndBound() throws {
        let problem = try LinearProblem(Fixtures.marketSplit(rows: 6, binaries: 50, seed: 7))
        let clock = ContinuousClock()
        let start = clock.now
        let solution = problem.solve(SolveOptions(timeLimit: 30, deadline: start + .milliseconds(700)))
        let elapsed = clock.now - start
        #expect(elapsed < .milliseconds(1200), "took \(elapsed) with a 0.7 s deadline")
        #expect(solution.termination == .feasible || solution.termination == .timeLimit)
        #expect(!solution.interrupted)
        // A deadline already passed: no search at all, whatever the limit.
        let late = problem.solve(SolveOptions(timeLimit: 30, deadline: clock.now - .seconds(1)))
        #expect(late.termination == .timeLimit || late.termination == .feasible)
        #expect(late.seconds < 0.5)
    }

    @Test func iterationLimitStopsLP() throws {
        let problem = try LinearProblem(Fixtures.transportation(sources: 15, sinks: 15, seed: 3))
        let solution = problem.solve(SolveOptions(method: .primal, presolve: false, iterationLimit: 3))
        #expect(solution.termination == .timeLimit || solution.termination == .feasible)
        #expect(solution.iterations <= 3)
        #expect(solution.rowDuals == nil)
    }

    @Test func fixedIntegerLPGivesMIPObjectiveAndDuals() throws {
        let problem = try LinearProblem(Fixtures.facilityMIP())
        let mip = problem.solve()
        #expect(mip.termination == .optimal)
        #expect(close(mip.objective, 20))  // open = 1, ship = 5
        #expect(close(mip.columnValues, [1, 5]))
        let fixed = problem.fixedIntegerLP(from: mip)
        #expect(fixed.termination == .optimal)
        #expect(close(fixed.objective, 20))
        #expect(close(fixed.rowDuals, [2, 0]))  // demand costs 2 per unit; capacity slack
        #expect(close(fixed.columnValues, [1, 5]))
        // The problem is unchanged: still a MIP with the binary's bounds restored.
        #expect(problem.isMIP && problem.integerColumnCount == 1)
        #expect(problem.columnBounds(0) == (0, 1))
        let again = problem.solve()
        #expect(close(again.objective, 20))
        #expect(again.rowDuals == nil)
        // A solution of the wrong size is an error, not a trap.
        #expect(problem.fixedIntegerLP(from: Solution(termination: .optimal, objective: 0)).termination == .error)
    }

    @Test func warmResolveAfterCostChangeMatchesColdSolveWithFewerIterations() throws {
        var model = Fixtures.transportation(sources: 30, sinks: 30, seed: 11)
        let options = SolveOptions(presolve: false)
        let problem = try LinearProblem(model)
        let first = problem.solve(options)
        #expect(first.termination == .optimal)
        // Make the cheapest used route much dearer, so the optimum must move.
        let used = model.columns.filter { first[$0] > 0.5 }
        let changed = try #require(used.min { model.objective[$0.index] < model.objective[$1.index] })
        try problem.setObjective(column: changed, 500)
        #expect(problem.objectiveCoefficient(changed) == 500)
        let warm = problem.solve(options)
        model.setObjective(column: changed, 500)
        let cold = try LinearProblem(model).solve(options)
        #expect(warm.termination == .optimal && cold.termination == .optimal)
        #expect(close(warm.objective, cold.objective!, tolerance: 1e-9))
        #expect(warm.objective! > first.objective!)
        #expect(warm.iterations < cold.iterations)
        #expect(warm.iterations > 0)
    }

    @Test func savedBasisRestoresWarmStart() throws {
        let model = Fixtures.transportation(sources: 20, sinks: 20, seed: 5)
        let options = SolveOptions(presolve: false)
        let problem = try LinearProblem(model)
        let base = problem.solve(options)
        let saved = problem.basis()
        #expect(saved.rowStatus.count == problem.rowCount && saved.columnStatus.count == problem.columnCount)
        #expect(
            saved.rowStatus.filter { $0 == .basic }.count + saved.columnStatus.filter { $0 == .basic }.count
                == problem.rowCount)  // a basis has exactly one basic variable per row
        // Move to another point, then come back to the saved basis: zero iterations needed.
        try problem.setRowBounds(RowID(problem.rowCount - 1), lower: model.rowLower.last! + 10, upper: .infinity)
        _ = problem.solve(options)
        try problem.setRowBounds(RowID(problem.rowCount - 1), lower: model.rowLower.last!, upper: .infinity)
        try problem.setBasis(saved)
        #expect(problem.basis() == saved)
        let again = problem.solve(options)
        #expect(again.termination == .optimal)
        #expect(again.iterations == 0)
        #expect(again.objective == base.objective)
    }

    @Test func changingKindTurnsLPIntoMIP() throws {
        // max 3x + 5y over the textbook rows plus 2x + 2y <= 13 (a cut making the LP optimum
        // fractional): LP optimum has y = 6, x = 0.5, z = 31.5; with x, y integer the best is
        // y = 6, x = 0 (z = 30) since x = 1 needs 2 + 12 = 14 > 13.
        var model = Fixtures.textbookLP()
        let row = model.addRow(upper: 13)
        model.addEntry(row: row, column: 0, value: 2)
        model.addEntry(row: row, column: 1, value: 2)
        let problem = try LinearProblem(model)
        #expect(close(problem.solve().objective, 31.5))
        try problem.setColumnKind(0, .integer)
        try problem.setColumnKind(1, .integer)
        #expect(problem.isMIP && problem.integerColumnCount == 2)
        let mip = problem.solve()
        #expect(mip.termination == .optimal && close(mip.objective, 30))
        try problem.setColumnKind(0, .continuous)
        try problem.setColumnKind(1, .continuous)
        #expect(!problem.isMIP)
        #expect(close(problem.solve().objective, 31.5))
    }
}
