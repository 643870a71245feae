import Foundation
import Testing

@testable import LinearSolver

@Suite struct FileTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("linear-solver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ModelFileFormat.allCases)
    func writeAndReadBackGivesSameOptimum(format: ModelFileFormat) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (model, optimum) in [
            (Fixtures.textbookLP(names: true), 36.0), (Fixtures.knapsack(), 23), (Fixtures.facilityMIP(), 20),
        ] {
            let path = directory.appendingPathComponent("model.\(format.rawValue)").path
            let original = try LinearProblem(model)
            try original.write(to: path, format: format)
            #expect(FileManager.default.fileExists(atPath: path))
            let read = try LinearProblem.read(from: path, format: format)
            if format == .mps || format == .freemps {
                #expect(read.direction == .minimize)  // MPS has no objective sense
                try read.setDirection(model.direction)
            } else {
                #expect(read.direction == model.direction)
            }
            #expect(read.rowCount == original.rowCount && read.columnCount == original.columnCount)
            #expect(read.nonzeroCount == original.nonzeroCount)
            #expect(read.integerColumnCount == original.integerColumnCount)
            let solution = read.solve()
            #expect(solution.termination == .optimal)
            #expect(close(solution.objective, optimum))
            if model.columnNames != nil && format != .mps {
                #expect(read.columnName(0) == "x" && read.rowName(2) == "plantC")
            }
        }
    }

    @Test func readingAMissingFileThrows() {
        do {
            _ = try LinearProblem.read(from: "/nonexistent/dir/model.lp", format: .lp)
            Issue.record("expected an error")
        } catch {
            guard case .fileError(let path, let message) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == "/nonexistent/dir/model.lp")
            #expect(!message.isEmpty)
        }
    }

    @Test func writingToAnUnwritablePathThrows() throws {
        let problem = try LinearProblem(Fixtures.textbookLP())
        #expect(throws: SolverError.self) { try problem.write(to: "/nonexistent/dir/model.lp", format: .lp) }
        #expect(close(problem.solve().objective, 36))  // still usable: a failed write is not fatal
    }

    @Test func glpkOutputGoesToTheHookNotStdout() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        final class Collected: @unchecked Sendable {
            let lock = NSLock()
            var text = ""
        }
        let collected = Collected()
        GLPK.setThreadLogHandler { line in collected.lock.withLock { collected.text += line } }
        defer { GLPK.setThreadLogHandler(nil) }

        // Point fd 1 at a file for the duration of the write, then restore it.
        let capturePath = directory.appendingPathComponent("stdout.txt").path
        fflush(nil)
        let saved = dup(1)
        let captureFD = open(capturePath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(saved >= 0 && captureFD >= 0)
        dup2(captureFD, 1)
        let problem = try LinearProblem(Fixtures.textbookLP(names: true))
        for format in ModelFileFormat.allCases {
            try problem.write(to: directory.appendingPathComponent("m.\(format.rawValue)").path, format: format)
        }
        _ = problem.solve()
        fflush(nil)
        dup2(saved, 1)
        close(saved)
        close(captureFD)

        let printed = try String(contentsOfFile: capturePath, encoding: .utf8)
        #expect(!printed.contains("Writing"))
        #expect(!printed.contains("lines were written"))
        // GLPK did talk: the hook received it.
        let text = collected.lock.withLock { collected.text }
        #expect(text.contains("Writing problem data to"))
        #expect(text.contains("lines were written"))
    }
}
