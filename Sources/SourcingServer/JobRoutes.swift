import Foundation
import HTTPTypes
import Hummingbird
import Sourcing

// The API's routes for sweeps and stress tests, which run as jobs: POST answers 202 with the
// job's Location at once; GET /v1/jobs/{id} says where it is, /events streams its progress
// (server-sent events), /result and /report give the document once it is done.

extension API {
    func registerJobs(on routes: Routes) {
        routes.post("/v1/sweeps") { request, _ in try await submit(.sweep, request) }
        routes.post("/v1/stress") { request, _ in try await submit(.stress, request) }
        routes.get("/v1/jobs") { request, _ in try await listJobs(request) }
        routes.get("/v1/jobs/{id}") { request, context in
            _ = try Query(request, known: [])
            return jsonResponse(jobJSON(try await requireJob(context), full: true))
        }
        routes.get("/v1/jobs/{id}/events") { request, context in try await events(request, context) }
        routes.get("/v1/jobs/{id}/result") { request, context in try await result(request, context) }
        routes.get("/v1/jobs/{id}/report") { request, context in try await jobReport(request, context) }
        routes.post("/v1/jobs/{id}/resume") { request, context in
            _ = try Query(request, known: [])
            let job = try await requireJob(context)
            guard job.state == .interrupted else {
                throw APIError(
                    status: .conflict, code: "notInterrupted",
                    message: "job \(job.id) is \(job.state.rawValue); only an interrupted job can be resumed")
            }
            try refuseWhileStopping()
            return accepted(try await jobs.resume(job))
        }
        routes.post("/v1/jobs/{id}/cancel") { request, context in
            _ = try Query(request, known: [])
            let job = try await requireJob(context)
            guard !job.state.isFinal else {
                throw APIError(
                    status: .conflict, code: "finished", message: "job \(job.id) is \(job.state.rawValue) already")
            }
            jobs.cancel(job.id)
            return accepted(job)
        }
    }

    /// Checks the request against its scenario (solving the base), stores the job and starts it.
    func submit(_ kind: JobKind, _ request: Request) async throws -> Response {
        let query = try Query(request, known: AnalysisRequest.parameters(for: kind))
        var analysis = try AnalysisRequest(kind: kind, query: query)
        analysis.defaultName = try query.one("name") ?? ""
        let upload = try await ScenarioUpload(
            request: request, limit: limits.maxBodyBytes, defaultName: analysis.defaultName)
        try refuseWhileStopping()
        let limits = self.limits
        let outcome = try await pool.run { [analysis] in
            Result { () throws(APIError) in
                let scenario = try upload.decode(maxBytes: limits.maxBodyBytes)
                return try PreparedAnalysis(
                    scenario: scenario, bytes: upload.bytes, request: analysis, ceiling: limits.solveTimeLimit)
            }
        }
        let prepared = try outcome.get()
        let now = timestamp()
        let job = JobRecord(
            id: newIdentifier(), kind: kind, state: .queued, createdAt: now, updatedAt: now,
            name: prepared.base.scenario.name, format: upload.format.rawValue, scenario: Data(upload.bytes),
            request: analysis.json.serialized(pretty: false), total: prepared.total, done: 0)
        try await jobs.submit(job, prepared: prepared)
        return accepted(job)
    }

    func refuseWhileStopping() throws {
        if jobs.isStopping {
            var headers = HTTPFields()
            headers[.retryAfter] = "5"
            throw APIError(
                status: .serviceUnavailable, code: "stopping",
                message: "the server is shutting down; retry when it is back", headers: headers)
        }
    }

    func accepted(_ job: JobRecord) -> Response {
        var response = jsonResponse(jobJSON(job, full: false), status: .accepted)
        response.headers[.location] = "/v1/jobs/\(job.id)"
        return response
    }

    func listJobs(_ request: Request) async throws -> Response {
        let query = try Query(request, known: ["limit"])
        let limit = try query.limit()
        let records = try await storage.jobs(limit: limit)
        return jsonResponse(.object([("jobs", .array(records.map { jobJSON($0, full: false) }))]))
    }

    /// The job with its live progress; `full` adds the result document once done.
    func jobJSON(_ stored: JobRecord, full: Bool) -> JSONValue {
        var job = stored
        if !job.state.isFinal, let live = jobs.hub.latest(job.id) {
            job.state = live.state
            job.done = live.done
            job.total = live.total
        }
        let request = (try? JSONValue(parsing: job.request)) ?? .null
        var members: [(String, JSONValue)] = [
            ("id", .string(job.id)), ("kind", .string(job.kind.rawValue)), ("state", .string(job.state.rawValue)),
            ("name", .string(job.name)), ("createdAt", .string(job.createdAt)), ("updatedAt", .string(job.updatedAt)),
            ("done", .number(Double(job.done))), ("total", .number(Double(job.total))),
            ("request", request), ("error", .optional(job.error)),
            (
                "links",
                .object([
                    ("self", .string("/v1/jobs/\(job.id)")), ("events", .string("/v1/jobs/\(job.id)/events")),
                    ("result", .string("/v1/jobs/\(job.id)/result")), ("report", .string("/v1/jobs/\(job.id)/report")),
                ])
            ),
        ]
        if full { members.append(("result", job.result.flatMap { try? JSONValue(parsing: $0) } ?? .null)) }
        return .object(members)
    }

    func requireJob(_ context: BasicRequestContext) async throws -> JobRecord {
        let id = try context.parameters.require("id")
        guard isIdentifier(id[...]), let job = try await storage.job(id) else {
            throw APIError.notFound("no job \(id)")
        }
        return job
    }

    /// Server-sent events: one `progress` event now, one per change (at most ten a second),
    /// and the stream ends after the event with a final state (`done`, `failed`, `interrupted`).
    func events(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try Query(request, known: [])
        let job = try await requireJob(context)
        let stream = jobs.hub.listen(
            job.id, current: JobProgress(id: job.id, state: job.state, done: job.done, total: job.total))
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                for await progress in stream {
                    try await writer.write(
                        ByteBuffer(string: "event: progress\ndata: \(progress.json.serialized(pretty: false))\n\n"))
                }
                try await writer.finish(nil)
            })
    }

    func finishedResult(_ job: JobRecord) throws -> String {
        guard job.state == .done, let result = job.result else {
            let hint =
                job.state == .interrupted
                ? "; resume it with POST /v1/jobs/\(job.id)/resume" : job.state == .failed ? ": \(job.error ?? "")" : ""
            throw APIError(status: .conflict, code: "notDone", message: "job \(job.id) is \(job.state.rawValue)\(hint)")
        }
        return result
    }

    /// The sweep or stress document (JSON, as the CLI's `--format json`), a sweep as CSV, or
    /// either as the workbook the CLI's `--xlsx` writes.
    func result(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let query = try Query(request, known: ["format"])
        let job = try await requireJob(context)
        let text = try finishedResult(job)
        switch try query.one("format") ?? "json" {
        case "json":
            return textResponse(text, contentType: "application/json")
        case "csv" where job.kind == .sweep:
            guard let document = try? SweepDocument(jsonText: text) else {
                throw APIError(
                    status: .internalServerError, code: "internalError",
                    message: "the stored sweep of job \(job.id) cannot be read")
            }
            var response = textResponse(document.csv, contentType: "text/csv; charset=utf-8; header=present")
            response.headers[.contentDisposition] = "attachment; filename=\"\(safeFileName(job.name))-sweep.csv\""
            return response
        case "xlsx":
            guard let workbook = job.workbook else {
                throw APIError.notFound("job \(job.id) has no workbook: it finished before this server kept them")
            }
            var response = bytesResponse(ByteBuffer(bytes: workbook), contentType: UploadFormat.xlsxMediaType)
            response.headers[.contentDisposition] =
                "attachment; filename=\"\(safeFileName(job.name))-\(job.kind.rawValue).xlsx\""
            return response
        case let other:
            throw APIError.badRequest(
                "format must be json, \(job.kind == .sweep ? "csv or " : "")xlsx, got \"\(other)\"",
                code: "badParameter")
        }
    }

    /// The HTML report of the base plan with the analysis drawn after it.
    func jobReport(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try Query(request, known: [])
        let job = try await requireJob(context)
        let text = try finishedResult(job)
        guard let basePlan = job.basePlan, let plan = try? Plan(jsonText: basePlan),
            let json = try? JSONValue(parsing: text),
            let document = AnalysisDocument(json: json, label: "\(job.kind.rawValue) \(job.id)")
        else {
            throw APIError(
                status: .internalServerError, code: "internalError",
                message: "the stored documents of job \(job.id) cannot be read")
        }
        return reportResponse(HTMLReport(plan: plan, analyses: [document]).html)
    }
}
