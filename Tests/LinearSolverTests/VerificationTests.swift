import Testing

@testable import LinearSolver

/// The check of a solution against the original model (Verification.swift), and the solve that
/// re-solves differently until a solution passes it (VerifiedSolve.swift).
@Suite struct VerificationTests {
    // MARK: - The check, on hand-made vectors

    @Test func optimumOfTheTextbookLPPasses() {
        // x = 2, y = 6 (Fixtures.textbookLP): rows 2 <= 4, 12 <= 12, 18 <= 18, all exact.
        let verification = Fixtures.textbookLP(names: true).verify(columnValues: [2, 6])
        #expect(verification.isVerified)
        #expect(verification.maxViolation == 0 && verification.worst == nil)
        #expect(verification.description == "verified (largest relative violation 0.0)")
    }

    @Test func rowViolationIsRelativeToTheRowsScaleAndNamed() throws {
        // y = 6.01: plantB 2y = 12.02 > 12 by 0.02, relative to max(1, 12, 12.02): 0.02 / 12.02;
        // plantC 3x + 2y = 18.02 > 18 by 0.02 / 18.02, smaller. plantB is the worst.
        let verification = Fixtures.textbookLP(names: true).verify(columnValues: [2, 6.01])
        #expect(!verification.isVerified)
        let worst = try #require(verification.worst)
        #expect(worst.rule == .rowBound && worst.index == 1 && worst.name == "plantB")
        #expect(close(worst.value, 12.02, tolerance: 1e-12) && worst.bound == 12)
        #expect(close(verification.maxViolation, 0.02 / 12.02, tolerance: 1e-9))
        #expect(
            verification.description.hasPrefix(
                "plantB (activity recomputed from the column values) is 12.02, above its upper bound 12.0 by 0.00166"))
        #expect(verification.description.hasSuffix("relative (tolerance 1e-06)"))
    }

    @Test func unnamedPlacesAreIndices() throws {
        let verification = Fixtures.textbookLP().verify(columnValues: [-0.5, 6])
        // x = -0.5 < 0 by 0.5 (relative to max(1, 0)); rows: 3x + 2y = 10.5 <= 18 holds.
        let worst = try #require(verification.worst)
        #expect(worst.rule == .columnBound && worst.place == "column 0")
        #expect(verification.maxViolation == 0.5)
        #expect(
            verification.description == "column 0 is -0.5, below its lower bound 0.0 by 0.5 relative (tolerance 1e-06)")
    }

    @Test func bigMRowWithAnAlmostZeroBinaryIsCaught() throws {
        // The bug of issue 13: open = 5e-6 passes GLPK's tol_int 1e-5, and ship = 5 then runs
        // through ship - 8 open <= 0. Rows are checked with the binary rounded (open = 0), as
        // the plan reads it: 5 > 0, relative to max(1, 0, 5) that is 1; the fractional binary
        // (5e-6) is a smaller violation.
        let verification = Fixtures.facilityMIP().verify(columnValues: [5e-6, 5])
        let worst = try #require(verification.worst)
        #expect(worst.rule == .rowBound && worst.index == 1)
        #expect(verification.maxViolation == 1)
        // With only the binary off: the integrality rule alone.
        let fractional = Fixtures.facilityMIP().verify(columnValues: [1 - 5e-6, 5])
        #expect(fractional.worst?.rule == .integrality && close(fractional.maxViolation, 5e-6, tolerance: 1e-9))
        #expect(fractional.description.hasPrefix("integer column 0 is 0.999995, "))
    }

    @Test func violationsWithinTheToleranceAreAccepted() {
        // y = 6 + 6e-7: plantB exceeds 12 by 1.2e-6 over 12.0000012, about 1e-7 <= 1e-6.
        let verification = Fixtures.textbookLP().verify(columnValues: [2, 6 + 6e-7])
        #expect(verification.isVerified && verification.maxViolation > 0)
    }

    @Test func wrongLengthAndNonFiniteValuesFail() {
        let short = Fixtures.textbookLP().verify(columnValues: [2])
        #expect(!short.isVerified && short.worst?.rule == .size)
        #expect(short.description == "the solution has 1 column values for 2 columns")
        let nan = Fixtures.textbookLP(names: true).verify(columnValues: [2, .nan])
        #expect(!nan.isVerified && nan.worst?.rule == .notFinite && nan.worst?.name == "y")
        #expect(nan.description == "y has the value nan")
    }

    @Test func coefficientRangeFindsBothEnds() throws {
        let range = try #require(Fixtures.facilityMIP().coefficientRange())
        // Entries 1 (demand, ship), 1 (capacity, ship), -8 (capacity, open).
        #expect(range.smallest == CoefficientExtreme(value: 1, row: 0, column: 1))
        #expect(range.largest == CoefficientExtreme(value: -8, row: 1, column: 0))
        #expect(LinearModel().coefficientRange() == nil)
    }

    // MARK: - The verified solve

    @Test(arguments: [true, false])
    func mipValuesComeFromTheFixedIntegerLP(presolve: Bool) throws {
        // Fixtures.facilityMIP: open = 1, ship = 5, cost 20; with open fixed the LP's duals exist
        // (demand 2, capacity 0).
        let model = Fixtures.facilityMIP()
        var problem = try LinearProblem(model)
        let original = problem
        let solution = LinearProblem.solveVerified(&problem, model: model, options: SolveOptions(presolve: presolve))
        #expect(problem === original)  // no re-solve was needed
        #expect(solution.termination == .optimal && solution.mipGap == 0)
        #expect(solution.columnValues == [1, 5] && close(solution.objective, 20))
        #expect(close(solution.rowDuals, [2, 0]))
        let verification = try #require(solution.verification)
        #expect(verification.isVerified && verification.maxViolation == 0)
    }

    @Test func outcomesWithoutValuesAreReturnedAsTheyAre() throws {
        for model in [Fixtures.infeasibleLP(), Fixtures.infeasibleMIP()] {
            var problem = try LinearProblem(model)
            let solution = LinearProblem.solveVerified(&problem, model: model, options: SolveOptions())
            #expect(solution.termination == .infeasible && solution.verification == nil)
        }
    }

    @Test func anAbortedFirstSolveIsReSolvedOnAFreshProblem() throws {
        // A first attempt that makes GLPK raise a fatal error (caught by the guard) leaves the
        // problem unusable; the ladder rebuilds it from the model and solves (presolve off,
        // scaled): the textbook optimum 36.
        let model = Fixtures.textbookLP()
        var problem = try LinearProblem(model)
        let original = problem
        let solution = LinearProblem.solveVerified(&problem, model: model, options: SolveOptions()) { problem in
            let error = thrownError { try problem.triggerGuardedGLPKErrorForTesting() }
            return Solution(termination: .error, error: error)
        }
        #expect(!original.isUsable && problem !== original && problem.isUsable)
        #expect(solution.termination == .optimal && close(solution.objective, 36))
        #expect(solution.columnValues == [2, 6] && solution.verification?.isVerified == true)
    }

    @Test func aVectorThatFailsEveryAttemptIsRefused() throws {
        // Every attempt's answer is replaced by a broken vector (y = 7: plantB 14 > 12) through
        // the first attempt; the re-solves are real and pass, so this checks the first step:
        // a broken first answer is never returned, the re-solve's is.
        let model = Fixtures.textbookLP(names: true)
        var problem = try LinearProblem(model)
        let solution = LinearProblem.solveVerified(&problem, model: model, options: SolveOptions()) { problem in
            var solution = problem.solve()
            solution.columnValues = [2, 7]
            return solution
        }
        #expect(solution.termination == .optimal && solution.columnValues == [2, 6])
        #expect(solution.verification?.isVerified == true)
    }

    @Test func wideCoefficientRangeNeedsTheUnscaledReSolve() throws {
        // wideRangeModel: GLPK's scaling (of the presolved copy, and of the problem itself in the
        // scaled re-solve) raises `glp_set_rii: i = 1; rii = 0; invalid scale factor`, a fatal
        // error the guard catches; the third attempt, unscaled, solves the LP: row a needs
        // 1e-300 x + y >= 1 with x <= 1, so y = 1, x = z = 0 (all cost 1 per unit): cost 1.
        let model = Self.wideRangeModel()
        let direct = try LinearProblem(model).solve(SolveOptions(presolve: true))
        guard case .glpkAborted(let message)? = direct.error else {
            Issue.record("expected a caught fatal error, got \(direct.termination) \(String(describing: direct.error))")
            return
        }
        #expect(message.contains("invalid scale factor"))
        var problem = try LinearProblem(model)
        let solution = LinearProblem.solveVerified(&problem, model: model, options: SolveOptions(presolve: true))
        #expect(solution.termination == .optimal && close(solution.objective, 1))
        #expect(close(solution.columnValues, [0, 1, 0]) && solution.verification?.isVerified == true)
        // Scaled without presolve it aborts as well: the ladder needed its unscaled step.
        let scaled = try LinearProblem(model).solve(SolveOptions(presolve: false, scaling: true))
        #expect(scaled.termination == .error && scaled.error.map { "\($0)" }?.contains("invalid scale factor") == true)
    }

    /// Rows whose coefficients span 1e-300 to 1e15: what GLPK's automatic scaling cannot take.
    static func wideRangeModel() -> LinearModel {
        var model = LinearModel()
        let x = model.addColumn(upper: 1, objective: 1)
        let y = model.addColumn(upper: 2, objective: 1)
        let z = model.addColumn(upper: 1e-14, objective: 1)
        let a = model.addRow(lower: 1)
        model.addEntry(row: a, column: x, value: 1e-300)
        model.addEntry(row: a, column: y, value: 1)
        let b = model.addRow(upper: 10)
        model.addEntry(row: b, column: z, value: 1e15)
        model.addEntry(row: b, column: y, value: 1e-300)
        return model
    }
}
