import Testing

@testable import LinearSolver

@Suite struct SensitivityTests {
    /// Textbook LP (max 3x + 5y; x <= 4, 2y <= 12, 3x + 2y <= 18), optimum x = 2, y = 6, z = 36,
    /// binding rows 1 and 2. The vertex stays optimal while (c_x, c_y) lies in the cone of the
    /// binding rows' normals (0, 2) and (3, 2):
    /// - c_x (c_y = 5): c_x / 5 <= 3 / 2 -> c_x in [0, 7.5]; z at the ends = 36 + (c - 3) * x:
    ///   30 at 0 and 45 at 7.5.
    /// - c_y (c_x = 3): c_y / 3 >= 2 / 3 -> c_y in [2, inf); z at 2 = 36 - 3 * 6 = 18.
    @Test(arguments: [true, false])
    func costRangesMatchHandValues(presolve: Bool) throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        #expect(problem.solve(SolveOptions(presolve: presolve)).termination == .optimal)
        let ranges = try problem.costRanges(columns: [0, 1])
        #expect(ranges.count == 2)
        #expect(ranges[0].column == 0 && close(ranges[0].lower, 0) && close(ranges[0].upper, 7.5))
        #expect(close(ranges[0].objectiveAtLower, 30) && close(ranges[0].objectiveAtUpper, 45))
        #expect(ranges[1].column == 1 && close(ranges[1].lower, 2) && ranges[1].upper == .infinity)
        #expect(close(ranges[1].objectiveAtLower, 18))
    }

    /// Rows of the textbook LP, keeping rows 1 and 2 binding (y = b1 / 2, x = (b2 - 2y) / 3)
    /// and 0 <= x <= 4 (row 0):
    /// - row 1 (2y <= b1, b2 = 18): x = (18 - b1) / 3 in [0, 4] -> b1 in [6, 18];
    /// - row 2 (3x + 2y <= b2, y = 6): x = (b2 - 12) / 3 in [0, 4] -> b2 in [12, 24];
    /// - row 0 (x <= 4) is not binding (activity 2): its bound may go from 2 up to infinity.
    @Test(arguments: [true, false])
    func boundRangesMatchHandValues(presolve: Bool) throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        #expect(problem.solve(SolveOptions(presolve: presolve)).termination == .optimal)
        let ranges = try problem.boundRanges(rows: [0, 1, 2])
        #expect(ranges[0] == BoundRange(row: 0, lower: 2, upper: .infinity))
        #expect(ranges[1].row == 1 && close(ranges[1].lower, 6) && close(ranges[1].upper, 18))
        #expect(ranges[2].row == 2 && close(ranges[2].lower, 12) && close(ranges[2].upper, 24))
        // Check the meaning: inside the range the dual (1.5 for row 1) predicts the objective.
        try problem.setRowBounds(1, lower: -.infinity, upper: 16)
        let moved = problem.solve()
        #expect(close(moved.objective, 36 + 1.5 * 4))
    }

    @Test func rangingNeedsAnOptimalBasis() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        // Before any solve.
        #expect(thrownError { _ = try problem.costRanges(columns: [0]) } == .noOptimalBasis)
        #expect(thrownError { _ = try problem.boundRanges(rows: [1]) } == .noOptimalBasis)
        // After a change since the solve.
        _ = problem.solve()
        try problem.setObjective(column: 0, 4)
        #expect(thrownError { _ = try problem.boundRanges(rows: [1]) } == .noOptimalBasis)
        // After an infeasible solve.
        let infeasible = try LinearProblem(Fixtures.infeasibleLP())
        _ = infeasible.solve(SolveOptions(presolve: false))
        #expect(thrownError { _ = try infeasible.costRanges(columns: [0]) } == .noOptimalBasis)
        // After a MIP solve.
        let mip = try LinearProblem(Fixtures.knapsack())
        _ = mip.solve()
        #expect(thrownError { _ = try mip.costRanges(columns: [0]) } == .noOptimalBasis)
        // Index out of range after a good solve.
        _ = problem.solve()
        #expect(
            thrownError { _ = try problem.costRanges(columns: [2]) }
                == .indexOutOfRange(kind: "column", index: 2, count: 2))
        #expect(
            thrownError { _ = try problem.boundRanges(rows: [-1]) }
                == .indexOutOfRange(kind: "row", index: -1, count: 3))
        #expect(try problem.costRanges(columns: []).isEmpty)
    }
}
