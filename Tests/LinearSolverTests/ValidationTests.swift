import Testing

@testable import LinearSolver

@Suite struct ValidationTests {
    @Test func validModelHasNoErrors() {
        #expect(Fixtures.textbookLP(names: true).validationErrors().isEmpty)
        #expect(Fixtures.knapsack().validationErrors().isEmpty)
    }

    @Test func entryIndicesOutOfRange() {
        var model = Fixtures.textbookLP()
        model.addEntry(row: 3, column: 0, value: 1)
        model.addEntry(row: 0, column: -1, value: 1)
        #expect(
            model.validationErrors() == [
                .indexOutOfRange(kind: "row", index: 3, count: 3),
                .indexOutOfRange(kind: "column", index: -1, count: 2),
            ])
        #expect(thrownError { _ = try LinearProblem(model) } == .indexOutOfRange(kind: "row", index: 3, count: 3))
    }

    @Test func duplicateEntriesAreErrors() {
        var model = Fixtures.textbookLP()
        model.addEntry(row: 2, column: 1, value: 7)  // (2, 1) already holds 2
        model.addEntry(row: 2, column: 1, value: 1)  // reported once
        model.addEntry(row: 0, column: 0, value: 0)  // a zero duplicate is still a duplicate
        #expect(model.validationErrors() == [.duplicateEntry(row: 0, column: 0), .duplicateEntry(row: 2, column: 1)])
        #expect(thrownError { _ = try LinearProblem(model) } == .duplicateEntry(row: 0, column: 0))
        // The same column in different rows is fine.
        var fine = LinearModel()
        fine.addColumn()
        fine.addRow()
        fine.addRow()
        fine.addEntry(row: 1, column: 0, value: 1)
        fine.addEntry(row: 0, column: 0, value: 1)
        #expect(fine.validationErrors().isEmpty)
    }

    @Test func nonFiniteNumbers() {
        var model = Fixtures.textbookLP()
        model.addEntry(row: 0, column: 1, value: .nan)
        model.addEntry(row: 1, column: 0, value: .infinity)
        model.setObjective(column: 0, .nan)
        model.setColumnBounds(1, lower: .nan, upper: 1)
        model.setRowBounds(0, lower: 0, upper: .nan)
        model.objectiveConstant = .infinity
        let errors = model.validationErrors()
        #expect(errors.count == 6)
        #expect(errors.first == .notFinite(what: "objective constant", value: .infinity))
        #expect(errors.contains(.notFinite(what: "matrix entry (row 1, column 0)", value: .infinity)))
        #expect(
            errors.contains {
                if case .notFinite(let what, let value) = $0 {
                    return what == "objective coefficient of column 0" && value.isNaN
                }
                return false
            })
        #expect(
            errors.contains {
                if case .notFinite(let what, _) = $0 { return what == "lower bound of column 1" }
                return false
            })
        #expect(
            errors.contains {
                if case .notFinite(let what, _) = $0 { return what == "upper bound of row 0" }
                return false
            })
        #expect(thrownError { _ = try LinearProblem(model) } != nil)
    }

    @Test func invertedAndImpossibleBounds() {
        var model = Fixtures.textbookLP()
        model.setColumnBounds(0, lower: 5, upper: 4)
        model.setRowBounds(1, lower: .infinity, upper: .infinity)
        #expect(
            model.validationErrors() == [
                .invalidBounds(what: "column 0", lower: 5, upper: 4),
                .invalidBounds(what: "row 1", lower: .infinity, upper: .infinity),
            ])
    }

    @Test func badNames() {
        var model = Fixtures.textbookLP(names: true)
        #expect(model.columnNames == ["x", "y"])
        model.addColumn(name: String(repeating: "n", count: 256))
        model.addColumn(name: "tab\there")
        model.addColumn(name: "")
        model.addColumn(name: String(repeating: "é", count: 127))  // 254 bytes: fine
        model.addColumn()  // gets default "c6"
        #expect(model.columnNames?.last == "c6")
        #expect(
            model.validationErrors() == [
                .invalidName(what: "column 2", name: String(repeating: "n", count: 256)),
                .invalidName(what: "column 3", name: "tab\there"),
                .invalidName(what: "column 4", name: ""),
            ])
        var unnamedFirst = LinearModel()
        unnamedFirst.addRow()
        unnamedFirst.addRow(name: "second")
        #expect(unnamedFirst.rowNames == ["r0", "second"])
        unnamedFirst.rowNames = ["only one"]
        #expect(unnamedFirst.validationErrors().count == 1)
    }

    @Test func errorCountIsCapped() {
        var model = LinearModel()
        model.addColumn()
        model.addRow()
        for _ in 0..<1000 { model.addEntry(row: 5, column: 0, value: 1) }
        #expect(model.validationErrors().count == LinearModel.maximumReportedErrors)
    }

    @Test func settersValidate() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        #expect(
            thrownError { try problem.setObjective(column: 2, 1) }
                == .indexOutOfRange(kind: "column", index: 2, count: 2))
        #expect(
            thrownError { try problem.setObjective(column: -1, 1) }
                == .indexOutOfRange(kind: "column", index: -1, count: 2))
        #expect(
            thrownError { try problem.setObjective(column: 0, .infinity) }
                == .notFinite(what: "objective coefficient of column 0", value: .infinity))
        #expect(
            thrownError { try problem.setColumnBounds(5, lower: 0, upper: 1) }
                == .indexOutOfRange(kind: "column", index: 5, count: 2))
        #expect(
            thrownError { try problem.setColumnBounds(0, lower: 2, upper: 1) }
                == .invalidBounds(what: "column 0", lower: 2, upper: 1))
        #expect(
            thrownError { try problem.setColumnBounds(0, lower: 0, upper: -.infinity) }
                == .invalidBounds(what: "column 0", lower: 0, upper: -.infinity))
        #expect(thrownError { try problem.setColumnBounds(0, lower: .nan, upper: 1) } != nil)
        #expect(
            thrownError { try problem.setRowBounds(3, lower: 0, upper: 1) }
                == .indexOutOfRange(kind: "row", index: 3, count: 3))
        #expect(
            thrownError { try problem.setRowBounds(0, lower: 1, upper: 0) }
                == .invalidBounds(what: "row 0", lower: 1, upper: 0))
        #expect(
            thrownError { try problem.setColumnKind(2, .integer) }
                == .indexOutOfRange(kind: "column", index: 2, count: 2))
        try problem.setColumnBounds(0, lower: 2, upper: 3)
        #expect(
            thrownError { try problem.setColumnKind(0, .binary) }
                == .invalidBounds(what: "binary column 0", lower: 2, upper: 1))
        // Nothing above changed the problem, and it still solves: x in [2, 3] keeps x = 2 optimal.
        #expect(problem.objectiveCoefficient(0) == 3)
        #expect(!problem.isMIP)
        #expect(close(problem.solve().objective, 36))
        // Infinite bounds are allowed and mean "none".
        try problem.setColumnBounds(1, lower: -.infinity, upper: .infinity)
        #expect(problem.columnBounds(1) == (-.infinity, .infinity))
        #expect(close(problem.solve().objective, 36))
    }

    @Test func setBasisChecksSizes() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        let good = problem.basis()
        var shortRows = good
        shortRows.rowStatus.removeLast()
        var extraColumns = good
        extraColumns.columnStatus.append(.lowerBound)
        #expect(thrownError { try problem.setBasis(shortRows) } == .basisSizeMismatch)
        #expect(thrownError { try problem.setBasis(extraColumns) } == .basisSizeMismatch)
        // A structurally invalid basis (no basic variables) is accepted by GLPK's setters;
        // solve falls back to the standard basis instead of failing.
        try problem.setBasis(
            Basis(rowStatus: [.upperBound, .upperBound, .upperBound], columnStatus: [.lowerBound, .lowerBound]))
        let solution = problem.solve(SolveOptions(presolve: false))
        #expect(solution.termination == .optimal && close(solution.objective, 36))
    }

    @Test func invalidOptions() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        #expect(problem.solve(SolveOptions(mipGap: -1)).termination == .error)
        #expect(problem.solve(SolveOptions(timeLimit: .nan)).termination == .error)
        // Negative limits are clamped to zero rather than handed to GLPK (which would abort).
        let limited = problem.solve(SolveOptions(presolve: false, timeLimit: -5, iterationLimit: -1))
        #expect(limited.termination != .error)
        #expect(close(problem.solve().objective, 36))
    }

    @Test func errorDescriptionsAreSentences() {
        let errors: [SolverError] = [
            .indexOutOfRange(kind: "row", index: 3, count: 3), .duplicateEntry(row: 1, column: 2),
            .notFinite(what: "x", value: .nan), .invalidBounds(what: "row 0", lower: 1, upper: 0),
            .invalidName(what: "column 1", name: "a\tb"), .noOptimalBasis, .basisSizeMismatch,
            .glpkFailure(code: 1, routine: "glp_simplex", message: "invalid basis"),
            .glpkAborted(message: "glp_set_row_bnds: i = 0; row number out of range\n"),
            .fileError(path: "/x", message: "cannot open"),
        ]
        for error in errors {
            #expect(error.description.hasSuffix("."))
            #expect(!error.description.contains("\n"))
        }
    }
}
