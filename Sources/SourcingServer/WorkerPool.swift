import Foundation
import Sourcing

// Every GLPK call of the server runs here. GLPK keeps its state per thread, so a LinearProblem
// must be created, solved and freed on one thread: never on an event loop (it would block the
// server) and never across an `await` (a Swift task may resume on another thread). The pool
// owns a fixed set of threads; a request's work is one closure that runs start to end on one
// of them while the request's task waits. Waiting work is bounded: past the limit the pool
// refuses at once (the API answers 503 with Retry-After) instead of queueing without end.

/// A fixed set of threads for solver work, with a bounded queue.
final class WorkerPool: @unchecked Sendable {
    /// The queue is full: the caller should answer 503 and let the client retry.
    struct Full: Error {}

    let threadCount: Int
    /// How many pieces of work may wait for a thread.
    let queueLimit: Int
    private let condition = NSCondition()
    /// Work not yet taken from `head` on; taken slots are emptied at once, so that finished
    /// work (and the request bodies it holds) is freed.
    private var waiting: [(@Sendable (SolverThread) -> Void)?] = []
    private var head = 0
    private var busy = 0

    init(threads: Int, queueLimit: Int) {
        threadCount = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        for index in 0..<threadCount {
            let thread = Thread { [unowned self] in self.workLoop() }
            thread.name = "sourcing-solver-\(index)"
            thread.stackSize = 16 << 20  // as the CLI's solver threads
            thread.start()
        }
    }

    /// Work waiting for a thread, and work running.
    var load: (waiting: Int, busy: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (waiting.count - head, busy)
    }

    /// Runs `body` on a pool thread and returns its result; throws `Full` at once when the queue is full.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await run { (_: SolverThread) in body() }
    }

    /// Runs `body` on a pool thread with that thread's own state; throws `Full` when the queue is full.
    func run<T: Sendable>(_ body: @escaping @Sendable (SolverThread) -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            condition.lock()
            // Running plus waiting: a thread each, then the queue.
            guard busy + waiting.count - head < threadCount + queueLimit else {
                condition.unlock()
                continuation.resume(throwing: Full())
                return
            }
            waiting.append { thread in continuation.resume(returning: body(thread)) }
            condition.signal()
            condition.unlock()
        }
    }

    private func workLoop() {
        let state = SolverThread()
        while true {
            condition.lock()
            while head == waiting.count { condition.wait() }
            let work = waiting[head]
            waiting[head] = nil
            head += 1
            if head == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 256 {
                waiting.removeFirst(head)
                head = 0
            }
            busy += 1
            condition.unlock()
            work?(state)
            condition.lock()
            busy -= 1
            condition.unlock()
        }
    }
}

/// What one solver thread keeps between pieces of work: the GLPK problems of recent plans,
/// for re-solving a what-if warm. Never leaves its thread (a `LinearProblem` must not).
final class SolverThread {
    private var solvers: [(key: String, solver: PointSolver)] = []
    static let kept = 4

    /// This thread's solver for `base` (made on first use), the most recent kept.
    func pointSolver(for key: String, base: AnalysisBase) -> PointSolver {
        if let index = solvers.firstIndex(where: { $0.key == key }) {
            let entry = solvers.remove(at: index)
            solvers.append(entry)
            return entry.solver
        }
        let solver = PointSolver(base: base)
        solvers.append((key, solver))
        if solvers.count > SolverThread.kept { solvers.removeFirst() }
        return solver
    }
}
