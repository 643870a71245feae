import Foundation
import ServiceLifecycle
import Sourcing
import Synchronization

// Sweeps and stress tests run as jobs: stored first (state `queued`), then run on a solver
// thread while their progress goes to every listener (GET /v1/jobs/{id}/events). A sweep is
// solved in batches of points; after each batch its finished points are written to the job's
// checkpoint (a sweep document, what `sourcing sweep --resume` reads), so a shutdown or a kill
// loses at most one batch. On SIGTERM the runner stops every job between points, writes the
// checkpoint and marks the job `interrupted`; a server started after a kill marks what the
// dead one left running as `interrupted`. Either way `POST /v1/jobs/{id}/resume` solves only
// the missing points. (A stress test is re-run whole: its exposure indices compare every
// disruption with the worst, so partial results are not kept.)

/// A job's progress, as sent to listeners.
struct JobProgress: Sendable, Equatable {
    var id: String
    var state: JobState
    var done: Int
    var total: Int

    var json: JSONValue {
        .object([
            ("id", .string(id)), ("state", .string(state.rawValue)), ("done", .number(Double(done))),
            ("total", .number(Double(total))),
        ])
    }
}

/// Fans progress out to listeners; keeps each job's latest progress for late listeners.
final class ProgressHub: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: [String: JobProgress] = [:]
    private var listeners: [String: [UUID: AsyncStream<JobProgress>.Continuation]] = [:]

    func publish(_ progress: JobProgress) {
        lock.lock()
        latest[progress.id] = progress
        let continuations = listeners[progress.id].map { Array($0.values) } ?? []
        if progress.state.isFinal { listeners[progress.id] = nil }
        lock.unlock()
        for continuation in continuations {
            continuation.yield(progress)
            if progress.state.isFinal { continuation.finish() }
        }
    }

    func latest(_ id: String) -> JobProgress? {
        lock.lock()
        defer { lock.unlock() }
        return latest[id]
    }

    /// The job's progress from now on, starting with where it is (`current` unless newer is
    /// known); ends after a final state.
    func listen(_ id: String, current: JobProgress) -> AsyncStream<JobProgress> {
        let (stream, continuation) = AsyncStream.makeStream(of: JobProgress.self, bufferingPolicy: .bufferingNewest(1))
        let key = UUID()
        lock.lock()
        let now = latest[id] ?? current
        if !now.state.isFinal { listeners[id, default: [:]][key] = continuation }
        lock.unlock()
        continuation.yield(now)
        if now.state.isFinal {
            continuation.finish()
        } else {
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.lock.lock()
                self.listeners[id]?[key] = nil
                self.lock.unlock()
            }
        }
        return stream
    }

    /// Ends every stream (at shutdown).
    func finishAll() {
        lock.lock()
        let all = listeners.values.flatMap(\.values)
        listeners = [:]
        lock.unlock()
        for continuation in all { continuation.finish() }
    }
}

/// A counting semaphore for Swift tasks: at most `count` jobs run at once.
actor JobSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = max(1, count) }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// Runs jobs, and stops them cleanly at shutdown (a `Service` of the server's group).
final class JobRunner: Service, @unchecked Sendable {
    let storage: Storage
    let pool: WorkerPool
    let hub = ProgressHub()
    let limits: ServerLimits
    private let slots: JobSlots
    /// Set at shutdown: jobs stop between points and write their checkpoint.
    private let stopping = Atomic<Bool>(false)
    private let lock = NSLock()
    private var tasks: [String: Task<Void, Never>] = [:]
    private var cancelled: Set<String> = []

    init(storage: Storage, pool: WorkerPool, limits: ServerLimits) {
        self.storage = storage
        self.pool = pool
        self.limits = limits
        // Leave a thread for interactive solves when there is more than one.
        slots = JobSlots(max(1, pool.threadCount - 1))
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Stores a new job and starts it.
    func submit(_ job: JobRecord, prepared: PreparedAnalysis?) async throws {
        try await storage.insert(job)
        start(job, prepared: prepared)
    }

    /// Queues an interrupted job again; it solves only what its checkpoint lacks.
    func resume(_ job: JobRecord) async throws -> JobRecord {
        var job = job
        job.state = .queued
        job.error = nil
        job.updatedAt = timestamp()
        try await storage.update(job)
        _ = lock.withLock { cancelled.remove(job.id) }
        start(job, prepared: nil)
        return job
    }

    /// Asks a queued or running job to stop between points (it becomes `interrupted`).
    func cancel(_ id: String) {
        lock.lock()
        cancelled.insert(id)
        lock.unlock()
    }

    private func shouldStop(_ id: String) -> Bool {
        if isStopping { return true }
        lock.lock()
        defer { lock.unlock() }
        return cancelled.contains(id)
    }

    private func start(_ job: JobRecord, prepared: PreparedAnalysis?) {
        hub.publish(JobProgress(id: job.id, state: job.state, done: job.done, total: job.total))
        let task = Task { [self] in
            await slots.acquire()
            var job = job
            if shouldStop(job.id) {
                job.state = .interrupted
            } else {
                job.state = .running
                job.updatedAt = timestamp()
                try? await storage.update(job)
                hub.publish(JobProgress(id: job.id, state: .running, done: job.done, total: job.total))
                while true {
                    do {
                        let started = job
                        job = try await pool.run { self.execute(started, prepared: prepared) }
                        break
                    } catch {
                        // Every thread busy and the queue full: wait for room, as a client would.
                        if shouldStop(job.id) {
                            job.state = .interrupted
                            break
                        }
                        try? await Task.sleep(for: .milliseconds(250))
                    }
                }
            }
            job.updatedAt = timestamp()
            try? await storage.update(job)
            hub.publish(JobProgress(id: job.id, state: job.state, done: job.done, total: job.total))
            await slots.release()
            lock.withLock { tasks[job.id] = nil }
        }
        lock.lock()
        tasks[job.id] = task
        lock.unlock()
    }

    /// Waits for the shutdown signal, then stops every job and waits until each has written
    /// its checkpoint and state.
    func run() async throws {
        try? await gracefulShutdown()
        stopping.store(true, ordering: .relaxed)
        while true {
            let running = lock.withLock { Array(tasks.values) }
            if running.isEmpty { break }
            for task in running { await task.value }
        }
        hub.finishAll()
    }

    /// Runs a job to its end or to a stop (on a solver thread).
    private func execute(_ start: JobRecord, prepared: PreparedAnalysis?) -> JobRecord {
        var job = start
        let analysis: PreparedAnalysis
        do throws(APIError) {
            if let prepared {
                analysis = prepared
            } else {
                let request = AnalysisRequest(json: (try? JSONValue(parsing: job.request)) ?? .null)
                let upload = ScenarioUpload(
                    bytes: Array(job.scenario), format: UploadFormat(rawValue: job.format) ?? .yaml,
                    defaultName: request.defaultName)
                analysis = try PreparedAnalysis(
                    scenario: try upload.decode(maxBytes: limits.maxBodyBytes), bytes: upload.bytes, request: request,
                    ceiling: limits.solveTimeLimit)
            }
        } catch {
            job.state = .failed
            job.error = error.message
            return job
        }
        job.basePlan = analysis.base.plan.jsonText()
        job.total = analysis.total
        let throttle = Throttle()
        let report: @Sendable (Int) -> Void = { [hub, id = job.id, total = job.total] done in
            if throttle.due() { hub.publish(JobProgress(id: id, state: .running, done: done, total: total)) }
        }
        let stop: @Sendable () -> Bool = { [id = job.id] in self.shouldStop(id) }
        switch analysis.work {
        case .sweep(let sweep, let cold):
            runSweep(sweep, warm: !cold, job: &job, stop: stop, report: report)
        case .stress(let test):
            let results = test.run(jobs: 1, shouldStop: stop, progress: { done, _ in report(done) })
            job.done = results.compactMap { $0 }.count
            if job.done == results.count {
                job.result = stressJSON(results, test: test).serialized()
                job.workbook = (try? stressWorkbook(results, test: test)).map { Data($0) }
                job.state = .done
            } else {
                job.state = .interrupted
                job.done = 0
            }
        }
        return job
    }

    /// Solves the sweep's missing points in growing batches, writing the checkpoint after each.
    private func runSweep(
        _ sweep: Sweep, warm: Bool, job: inout JobRecord, stop: @escaping @Sendable () -> Bool,
        report: @escaping @Sendable (Int) -> Void
    ) {
        var points: [PointResult] = []
        if let checkpoint = job.checkpoint, let document = try? SweepDocument(jsonText: checkpoint) {
            let fresh = SweepDocument(sweep: sweep, shard: nil, points: [])
            if document.scenario == fresh.scenario, document.parameters.map(\.path) == fresh.parameters.map(\.path),
                document.parameters.map(\.values) == fresh.parameters.map(\.values)
            {
                points = document.points
            }
        }
        let have = Set(points.map(\.index))
        let remaining = (0..<sweep.pointCount).filter { !have.contains($0) }
        var position = 0
        var batch = 4
        while position < remaining.count, !stop() {
            let chunk = remaining[position..<min(position + batch, remaining.count)]
            let skip = Set(0..<sweep.pointCount).subtracting(chunk)
            let before = points.count
            let started = ContinuousClock.now
            let results = sweep.run(
                jobs: 1, warm: warm, shard: nil, skip: skip, shouldStop: stop,
                progress: { done, _ in report(before + done) })
            points.append(contentsOf: results.compactMap { $0 })
            points.sort { $0.index < $1.index }
            position = chunk.endIndex
            job.done = points.count
            job.checkpoint = SweepDocument(sweep: sweep, shard: nil, points: points).json.serialized()
            job.updatedAt = timestamp()
            try? storage.updateSynchronously(job)
            if ContinuousClock.now - started < .milliseconds(500) { batch = min(batch * 2, 1024) }
        }
        if points.count == sweep.pointCount {
            let document = SweepDocument(sweep: sweep, shard: nil, points: points)
            job.result = job.checkpoint ?? document.json.serialized()
            job.workbook = (try? document.workbook(currency: sweep.base.scenario.currency)).map { Data($0) }
            job.checkpoint = nil
            job.state = .done
        } else {
            job.state = .interrupted
        }
    }
}

/// True at most every 100 ms: progress events for people, not for every point.
final class Throttle: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ContinuousClock.now - .seconds(1)

    func due() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard now - last >= .milliseconds(100) else { return false }
        last = now
        return true
    }
}
