import Foundation
import Testing

@testable import LinearSolver

/// ModelFile: names every format keeps, unique; the file read back into GLPK is the model.
@Suite(.serialized) struct ModelFileTests {
    /// Reads `file`'s text back through GLPK, from a file of our own.
    func readBack(_ file: ModelFile) throws -> LinearProblem {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "model-file-\(UUID().uuidString).\(file.format.rawValue)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
        return try LinearProblem.read(from: path, format: file.format)
    }

    /// Periods "P 1", "P_1" and "P-1" (issue 14): GLPK's LP writer made two of them `P_1`
    /// and its own format broke on the space. Now each format holds three distinct names, the
    /// one already spelled right keeps its name, and the header maps the others back.
    ///   min x1 + x2 + x3,  x_k >= k (row k):  optimum 1 + 2 + 3 = 6.
    @Test(arguments: ModelFileFormat.allCases)
    func namesThatGLPKWouldMergeStayDistinct(_ format: ModelFileFormat) throws {
        var model = LinearModel()
        for (k, period) in ["P 1", "P_1", "P-1"].enumerated() {
            let column = model.addColumn(objective: 1, name: "order[s,\(period)]")
            let row = model.addRow(lower: Double(k + 1), name: "need[\(period)]")
            model.addEntry(row: row, column: column, value: 1)
        }
        let file = try ModelFile(model, format: format)
        let read = try readBack(file)
        #expect(read.rowCount == 3)
        #expect(read.columnCount == 3)
        let names = read.columns.compactMap { read.columnName($0) }
        #expect(Set(names).count == 3, "\(names)")
        if format != .mps {
            #expect(names.contains("order(s,P_1)"))
            #expect(
                names.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || "_(),.".contains($0) } }, "\(names)")
            let digest = ModelFileNames.digest("order[s,P 1]")
            #expect(
                file.renames.contains(
                    ModelFile.Rename(isRow: false, model: "order[s,P 1]", file: "order(s,P_1)_" + digest)))
            #expect(!file.renames.contains { $0.model == "order[s,P_1]" })
            #expect(file.text.contains("column order(s,P_1)_\(digest) \"order[s,P 1]\""))
        }
        #expect(read.solve().objective == 6)
    }

    /// Each format's comment syntax opens the file, and a name that holds the LP comment's
    /// closing `*\` or a non-ASCII character cannot end the comment or upset a reader.
    @Test(arguments: ModelFileFormat.allCases)
    func theHeaderIsAComment(_ format: ModelFileFormat) throws {
        var model = LinearModel()
        let column = model.addColumn(objective: 2, name: "x[a*\\b–ü\"]")
        let row = model.addRow(lower: 1, name: "end")
        model.addEntry(row: row, column: column, value: 1)
        let file = try ModelFile(model, format: format)
        let first = String(file.text.prefix(while: { $0 != "\n" }))
        switch format {
        case .lp: #expect(first.hasPrefix("\\* ") && first.hasSuffix(" *\\"))
        case .mps, .freemps: #expect(first.hasPrefix("* "))
        case .glpk: #expect(first.hasPrefix("c "))
        }
        #expect(file.text.allSatisfy { $0.isASCII })
        #expect(file.text.contains(#""x[a\u{2a}\\b\u{2013}\u{fc}\"]""#))
        let read = try readBack(file)
        #expect(read.solve().objective == 2)
        if format == .lp || format == .glpk {
            #expect(read.rowName(0) == "_end")  // an LP keyword gets a leading _
        }
    }

    /// The textbook LP, knapsack and facility MIP (optima 36, 23, 20 by hand in Fixtures):
    /// every format reads back to the same optimum. MPS cannot say "maximise", so a maximised
    /// model is written as the minimisation of its negation (optimum -36, -23) and says so.
    @Test(arguments: ModelFileFormat.allCases)
    func everyFormatReadsBackToTheSameOptimum(_ format: ModelFileFormat) throws {
        for (model, optimum) in [
            (Fixtures.textbookLP(names: true), 36.0), (Fixtures.knapsack(), 23), (Fixtures.facilityMIP(), 20),
        ] {
            let file = try ModelFile(model, format: format)
            let read = try readBack(file)
            let negated = model.direction == .maximize && (format == .mps || format == .freemps)
            #expect(file.negatedObjective == negated)
            #expect(file.text.contains("this file minimises the negated objective") == negated)
            #expect(
                read.columnCount == model.columnCount
                    && read.integerColumnCount == model.columnKinds.filter { $0 != .continuous }.count)
            let solution = read.solve()
            #expect(solution.termination == .optimal)
            #expect(abs((solution.objective ?? .nan) - (negated ? -optimum : optimum)) < 1e-9, "\(format)")
        }
    }

    /// A free row constrains nothing, and LP and MPS cannot hold one: it is left out (the
    /// header says so); GLPK's own format keeps it.
    @Test(arguments: ModelFileFormat.allCases)
    func freeRowsAreLeftOutWhereTheFormatCannotHoldThem(_ format: ModelFileFormat) throws {
        var model = LinearModel()
        let x = model.addColumn(objective: 1, name: "x")
        let free = model.addRow(name: "report")
        let need = model.addRow(lower: 4, name: "need")
        model.addEntry(row: free, column: x, value: 3)
        model.addEntry(row: need, column: x, value: 1)
        let file = try ModelFile(model, format: format)
        #expect(file.omittedFreeRows == (format == .glpk ? 0 : 1))
        #expect(file.text.contains("1 free row of the model") == (format != .glpk))
        #expect(try readBack(file).solve().objective == 4)
    }

    @Test(arguments: ModelFileFormat.allCases)
    func anEmptyModelIsRefused(_ format: ModelFileFormat) {
        var model = LinearModel()
        model.addRow(lower: 0, upper: 1)
        #expect(throws: SolverError.emptyModel) { try ModelFile(LinearModel(), format: format) }
        #expect(throws: SolverError.emptyModel) { try ModelFile(model, format: format) }
    }

    /// GLPK is given its files in a private folder under $TMPDIR, removed afterwards.
    @Test func nothingIsLeftInTheTemporaryFolder() throws {
        let before = Set(
            try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
                $0.hasPrefix("sourcing-model-")
            })
        for format in ModelFileFormat.allCases { _ = try ModelFile(Fixtures.facilityMIP(), format: format) }
        let after = Set(
            try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
                $0.hasPrefix("sourcing-model-")
            })
        #expect(after.subtracting(before).isEmpty)
    }

    @Test func spellingAndUniqueness() {
        #expect(ModelFileNames.spelled("order[rauma-yard,FY27]") == "order(rauma_yard,FY27)")
        #expect(ModelFileNames.spelled("2026") == "_2026")
        #expect(ModelFileNames.spelled("(a)") == "_(a)")
        #expect(ModelFileNames.spelled("Free") == "_Free")
        #expect(ModelFileNames.spelled(String(repeating: "a", count: 300)).count == 200)
        // The name spelled right keeps it, in whatever order the others come.
        let names = ModelFileNames.unique(["P 1", "P_1", "P-1", "P_1"], reserved: [])
        #expect(names[1] == "P_1")
        #expect(Set(names).count == 4)
        #expect(names[0] == "P_1_" + ModelFileNames.digest("P 1"))
        #expect(ModelFileNames.unique(["obj"], reserved: ["obj"]) == ["obj_" + ModelFileNames.digest("obj")])
        // FNV-1a of "a" (32 bits) is 0xe40c292c.
        #expect(ModelFileNames.digest("a") == "e40c292c")
    }
}
