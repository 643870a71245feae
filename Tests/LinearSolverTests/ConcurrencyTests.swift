import Dispatch
import Foundation
import Testing

@testable import LinearSolver

@Suite struct ConcurrencyTests {
    /// Builds, solves and releases one problem: its whole life on the calling thread.
    static func solveOne(seed: UInt64) -> (Termination, UInt64) {
        do {
            let solution = try LinearProblem(Fixtures.randomSmall(seed: seed)).solve()
            return (solution.termination, (solution.objective ?? .nan).bitPattern)
        } catch {
            return (.error, 0)
        }
    }

    @Test func parallelSolvesMatchSerialBitForBit() {
        let count = 200
        let serial = (0..<count).map { Self.solveOne(seed: UInt64($0)) }
        #expect(serial.allSatisfy { $0.0 == .optimal })  // the generator makes every model feasible and bounded
        #expect(Set(serial.map(\.1)).count > count / 2)  // and they differ

        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [(Termination, UInt64)?]
            init(count: Int) { values = Array(repeating: nil, count: count) }
        }
        let results = Results(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let outcome = Self.solveOne(seed: UInt64(index))
            results.lock.withLock { results.values[index] = outcome }
            // Worker threads outlive the job; freeing GLPK's environment here is safe because
            // the problem above has been released.
            GLPK.freeThreadEnvironment()
        }
        for index in 0..<count {
            let parallel = results.values[index]
            #expect(parallel?.0 == serial[index].0, "model \(index)")
            #expect(parallel?.1 == serial[index].1, "model \(index)")
        }
    }
}
