import Testing

@testable import LinearSolver

/// The C guard turns GLPK's fatal errors (which print and abort()) into thrown errors.
@Suite struct GuardTests {
    @Test func caughtFatalErrorThrowsAndPoisonsOnlyThisThreadsProblems() throws {
        let earlier = try LinearProblem(Fixtures.textbookLP())
        #expect(close(earlier.solve().objective, 36))
        let victim = try LinearProblem(Fixtures.knapsack())
        #expect(victim.isUsable)
        do {
            try victim.triggerGuardedGLPKErrorForTesting()
            Issue.record("expected glpkAborted")
        } catch {
            guard case .glpkAborted(let message) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            // GLPK's own words, captured by the terminal hook instead of printed.
            #expect(message.contains("glp_set_row_bnds"))
            #expect(message.contains("out of range"))
            #expect(error.description.contains("unusable"))
        }
        // Both problems of this thread are dead, and using them is an error, not a crash.
        #expect(!victim.isUsable && !earlier.isUsable)
        let dead = earlier.solve()
        #expect(dead.termination == .error)
        #expect(throws: SolverError.self) { try earlier.setObjective(column: 0, 1) }
        #expect(throws: SolverError.self) { _ = try earlier.costRanges(columns: [0]) }
        #expect(earlier.basis() == Basis(rowStatus: [], columnStatus: []))
        #expect(earlier.columnBounds(0) == (0, .infinity))  // mirrored values still readable
        #expect(earlier.columnName(0) == nil)
        // A new problem on the same thread works.
        let fresh = try LinearProblem(Fixtures.textbookLP())
        #expect(close(fresh.solve().objective, 36))
        // Releasing the dead problems (end of scope) must not call glp_delete_prob: no crash.
    }

    @Test func exceedingTheMemoryLimitIsAnErrorNotACrash() throws {
        // A 200 x 200 transportation LP: 80,000 matrix entries, several megabytes inside GLPK.
        let problem = try LinearProblem(Fixtures.transportation(sources: 200, sinks: 200, seed: 1))
        let solution = problem.solve(SolveOptions(memoryLimitMegabytes: 1))
        #expect(solution.termination == .error)
        guard case .memoryLimit(let message)? = solution.error else {
            Issue.record("expected memoryLimit, got \(String(describing: solution.error))")
            return
        }
        #expect(message.contains("memory allocation limit exceeded"))
        #expect(!problem.isUsable)
        // The limit died with the environment: a new problem solves normally.
        let fresh = try LinearProblem(Fixtures.transportation(sources: 20, sinks: 20, seed: 1))
        #expect(fresh.solve().termination == .optimal)
    }

    /// The verified solve gives a memory-limit abort back as it is: a re-solve under the same
    /// limit would meet it again (before, the check looked for "memory" in a `glpkAborted`
    /// message, which `memoryLimit` no longer is, and re-solved three times).
    @Test func aMemoryLimitAbortIsNotReSolved() throws {
        let model = Fixtures.transportation(sources: 200, sinks: 200, seed: 1)
        let original = try LinearProblem(model)
        var problem = original
        let solution = LinearProblem.solveVerified(
            &problem, model: model, options: SolveOptions(memoryLimitMegabytes: 1))
        guard case .memoryLimit? = solution.error else {
            Issue.record("expected memoryLimit, got \(String(describing: solution.error))")
            return
        }
        #expect(problem === original, "re-solved on a fresh problem")
    }

    @Test func freeingTheEnvironmentRetiresLiveProblemsSafely() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        GLPK.freeThreadEnvironment()
        #expect(!problem.isUsable)
        #expect(problem.solve().termination == .error)
        #expect(close(try LinearProblem(Fixtures.textbookLP()).solve().objective, 36))
    }

    @Test func versionIsReported() {
        #expect(GLPK.version.hasPrefix("5."))
    }
}
