import Foundation
import GRDB

// The server's database: one SQLite file, `sourcing.sqlite`, under the data folder, in WAL mode
// (readers never wait for the writer; a committed plan survives a kill). Plans are stored with
// the scenario bytes they answer, so a plan can be reported, compared or re-solved later; jobs
// with their request and their checkpoint, so that a job cut short by a kill or a shutdown can
// be resumed where it stopped. Ids are random (128 bits, hex): never a file name, never guessable.

/// A plan as stored: the plan JSON exactly as solved, with the scenario it answers.
struct StoredPlan: Sendable {
    var id: String
    var createdAt: String
    var name: String
    var sha256: String
    var format: String
    var scenario: Data
    /// The solve options as JSON (`timeLimit`, `mipGap`, `sensitivity`).
    var options: String
    var status: String
    var objective: Double?
    var json: String
}

/// What a job is.
enum JobKind: String, Sendable, CaseIterable {
    case sweep, stress
}

/// Where a job is in its life.
enum JobState: String, Sendable, CaseIterable {
    /// Waiting for a solver thread.
    case queued
    case running
    /// Finished; `result` holds the document.
    case done
    /// Could not run (a bad request found late, a solver defect); `error` says why.
    case failed
    /// Stopped by a shutdown or a kill before finishing; `checkpoint` holds the finished points.
    case interrupted

    /// The job will not change any more without a resume.
    var isFinal: Bool { self == .done || self == .failed || self == .interrupted }
}

/// A sweep or stress job as stored.
struct JobRecord: Sendable {
    var id: String
    var kind: JobKind
    var state: JobState
    var createdAt: String
    var updatedAt: String
    var name: String
    var format: String
    var scenario: Data
    /// The job's request as JSON (`vary`, `by`, `from`, `for`, solve options).
    var request: String
    var total: Int
    var done: Int
    /// The base scenario's plan JSON, once solved (the report draws it with the analysis).
    var basePlan: String?
    /// The finished document (a sweep or stress JSON), when `done`.
    var result: String?
    /// A sweep's finished points so far, as a sweep document (what `sweep --resume` reads).
    var checkpoint: String?
    var error: String?
    /// The finished document as an .xlsx workbook (what the CLI's `--xlsx` writes), when `done`.
    var workbook: Data? = nil
}

/// The SQLite database under the data folder.
final class Storage: Sendable {
    let database: DatabasePool
    let path: String

    /// Opens (creating if needed) `sourcing.sqlite` in `directory`, and brings its schema up to date.
    init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: directory).appendingPathComponent("sourcing.sqlite").path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "plan") { t in
                t.primaryKey("id", .text)
                t.column("createdAt", .text).notNull()
                t.column("name", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("format", .text).notNull()
                t.column("scenario", .blob).notNull()
                t.column("options", .text).notNull()
                t.column("status", .text).notNull()
                t.column("objective", .double)
                t.column("json", .text).notNull()
            }
            try db.create(index: "plan_created", on: "plan", columns: ["createdAt"])
            try db.create(table: "job") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("state", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("updatedAt", .text).notNull()
                t.column("name", .text).notNull()
                t.column("format", .text).notNull()
                t.column("scenario", .blob).notNull()
                t.column("request", .text).notNull()
                t.column("total", .integer).notNull()
                t.column("done", .integer).notNull()
                t.column("basePlan", .text)
                t.column("result", .text)
                t.column("checkpoint", .text)
                t.column("error", .text)
            }
            try db.create(index: "job_created", on: "job", columns: ["createdAt"])
        }
        // Issue 19's workbooks: a finished job keeps its result as a workbook too.
        migrator.registerMigration("v2") { db in
            try db.alter(table: "job") { t in t.add(column: "workbook", .blob) }
        }
        try migrator.migrate(database)
    }

    // MARK: Plans

    func insert(_ plan: StoredPlan) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO plan (id, createdAt, name, sha256, format, scenario, options, status, objective, json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    plan.id, plan.createdAt, plan.name, plan.sha256, plan.format, plan.scenario,
                    plan.options, plan.status, plan.objective, plan.json,
                ])
        }
    }

    func plan(_ id: String) async throws -> StoredPlan? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [id]).map(StoredPlan.init(row:))
        }
    }

    /// The newest plans first, without their documents.
    func plans(limit: Int) async throws -> [StoredPlan] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, createdAt, name, sha256, format, X'' AS scenario, options, status, objective, '' AS json FROM plan ORDER BY createdAt DESC, id LIMIT ?",
                arguments: [limit]
            ).map(StoredPlan.init(row:))
        }
    }

    /// Removes a plan; false when there was none.
    func deletePlan(_ id: String) async throws -> Bool {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM plan WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: Jobs

    func insert(_ job: JobRecord) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO job (id, kind, state, createdAt, updatedAt, name, format, scenario, request, total, done,
                                     basePlan, result, checkpoint, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    job.id, job.kind.rawValue, job.state.rawValue, job.createdAt, job.updatedAt, job.name,
                    job.format, job.scenario, job.request, job.total, job.done, job.basePlan, job.result,
                    job.checkpoint, job.error,
                ])
        }
    }

    /// Writes a job's changing fields (state, counts, documents, error). Blocking: for solver threads.
    func updateSynchronously(_ job: JobRecord) throws {
        try database.write { db in try Storage.update(job, in: db) }
    }

    func update(_ job: JobRecord) async throws {
        try await database.write { db in try Storage.update(job, in: db) }
    }

    private static func update(_ job: JobRecord, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE job SET state = ?, updatedAt = ?, total = ?, done = ?, basePlan = ?, result = ?, checkpoint = ?, error = ?,
                               workbook = ?
                WHERE id = ?
                """,
            arguments: [
                job.state.rawValue, job.updatedAt, job.total, job.done, job.basePlan, job.result,
                job.checkpoint, job.error, job.workbook, job.id,
            ])
    }

    func job(_ id: String) async throws -> JobRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]).map(JobRecord.init(row:))
        }
    }

    /// The newest jobs first, without their documents.
    func jobs(limit: Int) async throws -> [JobRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, state, createdAt, updatedAt, name, format, X'' AS scenario, request, total, done,
                           NULL AS basePlan, NULL AS result, NULL AS checkpoint, error, NULL AS workbook
                    FROM job ORDER BY createdAt DESC, id LIMIT ?
                    """,
                arguments: [limit]
            ).map(JobRecord.init(row:))
        }
    }

    /// Marks every job left queued or running by an earlier process (killed, or stopped before
    /// it could say so) as interrupted, and returns how many there were.
    func interruptLeftoverJobs(at time: String) throws -> Int {
        try database.write { db in
            try db.execute(
                sql: "UPDATE job SET state = ?, updatedAt = ? WHERE state IN (?, ?)",
                arguments: [JobState.interrupted.rawValue, time, JobState.queued.rawValue, JobState.running.rawValue])
            return db.changesCount
        }
    }
}

extension StoredPlan {
    init(row: Row) {
        id = row["id"]
        createdAt = row["createdAt"]
        name = row["name"]
        sha256 = row["sha256"]
        format = row["format"]
        scenario = row["scenario"]
        options = row["options"]
        status = row["status"]
        objective = row["objective"]
        json = row["json"]
    }
}

extension JobRecord {
    init(row: Row) {
        id = row["id"]
        kind = JobKind(rawValue: row["kind"]) ?? .sweep
        state = JobState(rawValue: row["state"]) ?? .failed
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
        name = row["name"]
        format = row["format"]
        scenario = row["scenario"]
        request = row["request"]
        total = row["total"]
        done = row["done"]
        basePlan = row["basePlan"]
        result = row["result"]
        checkpoint = row["checkpoint"]
        error = row["error"]
        workbook = row["workbook"]
    }
}

/// A new random id: 32 lowercase hex digits.
func newIdentifier() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<2).map { _ in
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }.joined()
}

/// Whether `text` has the form of an id (so that nothing else reaches a query).
func isIdentifier(_ text: Substring) -> Bool {
    text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
}

/// Now, as an ISO 8601 UTC timestamp with milliseconds (sorts as text).
func timestamp(_ date: Date = Date()) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}
