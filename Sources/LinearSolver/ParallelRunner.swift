import Dispatch
import Foundation

// Independent solves spread over worker threads: how callers solve many problems at once under
// GLPK's rule of one problem, one thread. Each worker is a thread of its own that owns its GLPK
// state for its whole life, takes the next unsolved index, and stores its result by index, so the
// output order never depends on scheduling. A stop request (Ctrl-C) is honoured between jobs:
// finished jobs are kept, the rest are reported missing.

/// Runs `count` independent jobs on `jobs` threads and returns the results in index order
/// (nil for jobs not run because `shouldStop` became true).
///
/// - Parameters:
///   - makeWorker: creates one worker's state on its own thread (e.g. a `LinearProblem`).
///   - work: solves one index with the worker's state.
///   - progress: called after each finished job with the number done so far (serialised).
public func runInParallel<Worker, Result: Sendable>(
    count: Int, jobs: Int,
    makeWorker: @escaping @Sendable () -> Worker,
    work: @escaping @Sendable (inout Worker, Int) -> Result,
    shouldStop: @escaping @Sendable () -> Bool = { false },
    progress: @escaping @Sendable (Int) -> Void = { _ in }
) -> [Result?] {
    let box = ResultBox<Result>(count: count)
    let workers = max(1, min(jobs, count))
    let body: @Sendable () -> Void = {
        var worker = makeWorker()
        while !shouldStop(), let index = box.next() {
            let result = work(&worker, index)
            progress(box.store(result, at: index))
        }
    }
    if workers == 1 {
        body()
        return box.results
    }
    // Dedicated threads, not DispatchQueue.concurrentPerform: a caller that is itself on a
    // pool thread (a Swift concurrency task, a test) must never wait for pool threads that
    // may all be blocked the same way. Each thread frees its GLPK environment when done.
    let finished = DispatchGroup()
    for _ in 0..<workers {
        finished.enter()
        let thread = Thread {
            body()
            GLPK.freeThreadEnvironment()
            finished.leave()
        }
        thread.stackSize = 16 << 20
        thread.start()
    }
    finished.wait()
    return box.results
}

final class ResultBox<Result>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var finished = 0
    private let count: Int
    private(set) var results: [Result?]

    init(count: Int) {
        self.count = count
        results = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func store(_ result: Result, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
        finished += 1
        return finished
    }
}

/// The number of cores to use by default.
public var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
