import Foundation
import HTTPTypes
import Hummingbird
import Sourcing

// The API's routes for scenarios and plans. Every handler reads its input strictly, does its
// GLPK work (and any decoding of a scenario) on the solver pool, and answers JSON, or the
// document asked for (report HTML, CSV). `/openapi.json` documents each one.

/// The routes of the HTTP API.
struct API: Sendable {
    let storage: Storage
    let pool: WorkerPool
    let jobs: JobRunner
    let limits: ServerLimits
    let warmStarts: WarmStarts

    func register(on routes: Routes) {
        routes.get("/openapi.json") { _, _ in
            bytesResponse(ByteBuffer(bytes: Bundled.openAPI), contentType: "application/json")
        }
        routes.get("/v1/health") { request, _ in try health(request) }
        routes.get("/v1/models") { request, _ in try models(request) }
        routes.get("/v1/models/{id}") { request, context in try model(request, context) }
        routes.form(.get, "/v1/models/{id}.yaml")
        routes.get("/v1/schema") { request, _ in
            _ = try Query(request, known: [])
            return bytesResponse(ByteBuffer(bytes: Bundled.scenarioSchema), contentType: "application/schema+json")
        }
        routes.post("/v1/validate") { request, _ in try await validate(request) }
        routes.post("/v1/solve") { request, _ in try await solve(request, store: false) }
        routes.post("/v1/plans") { request, _ in try await solve(request, store: true) }
        routes.get("/v1/plans") { request, _ in try await listPlans(request) }
        routes.get("/v1/plans/{id}") { request, context in try await plan(request, context) }
        routes.form(.get, "/v1/plans/{id}.json")
        routes.form(.get, "/v1/plans/{id}.csv")
        routes.form(.get, "/v1/plans/{id}.xlsx")
        routes.get("/v1/template.xlsx") { request, _ in
            _ = try Query(request, known: [])
            var response = bytesResponse(
                ByteBuffer(bytes: ScenarioWriter.templateWorkbook()), contentType: UploadFormat.xlsxMediaType)
            response.headers[.contentDisposition] = "attachment; filename=\"scenario-template.xlsx\""
            return response
        }
        routes.delete("/v1/plans/{id}") { request, context in try await deletePlan(request, context) }
        routes.get("/v1/plans/{id}/report") { request, context in try await report(request, context) }
        routes.get("/v1/plans/{id}/scenario") { request, context in try await scenario(request, context) }
        routes.get("/v1/plans/{id}/compare") { request, context in try await compare(request, context) }
        registerJobs(on: routes)
    }

    // MARK: Service

    func health(_ request: Request) throws -> Response {
        _ = try Query(request, known: [])
        let load = pool.load
        return jsonResponse(
            .object([
                ("status", .string(jobs.isStopping ? "stopping" : "ok")),
                ("tool", .object([("name", .string("sourcing")), ("version", .string(SourcingVersion.string))])),
                ("solverThreads", .number(Double(pool.threadCount))),
                ("queueLimit", .number(Double(pool.queueLimit))),
                ("busy", .number(Double(load.busy))),
                ("waiting", .number(Double(load.waiting))),
            ]))
    }

    // MARK: Models

    func models(_ request: Request) throws -> Response {
        _ = try Query(request, known: [])
        return jsonResponse(.object([("models", .array(ModelCatalog.entries.map(\.json)))]))
    }

    func model(_ request: Request, _ context: BasicRequestContext) throws -> Response {
        _ = try Query(request, known: [])
        var id = Substring(try context.parameters.require("id"))
        if id.hasSuffix(".yaml") { id = id.dropLast(5) }
        guard let model = Bundled.model(id) else {
            throw APIError.notFound("no bundled model \"\(id)\" (GET /v1/models lists them)")
        }
        var response = bytesResponse(ByteBuffer(bytes: model.bytes), contentType: "application/yaml; charset=utf-8")
        response.headers[.contentDisposition] = "inline; filename=\"\(model.file)\""
        return response
    }

    // MARK: Scenarios and plans

    func validate(_ request: Request) async throws -> Response {
        let query = try Query(request, known: ["name"])
        let upload = try await ScenarioUpload(
            request: request, limit: limits.maxBodyBytes, defaultName: try query.one("name") ?? "")
        let limit = limits.maxBodyBytes
        let outcome = try await pool.run {
            Result { () throws(APIError) in try upload.decode(maxBytes: limit) }
        }
        let scenario = try outcome.get()
        let canonical = (try? JSONValue(parsing: ScenarioWriter.text(scenario, format: .json))) ?? .null
        return jsonResponse(
            .object([
                ("valid", .bool(true)),
                ("name", .string(scenario.name)),
                ("summary", .string(ScenarioSummary(scenario: scenario).text)),
                ("scenario", canonical),
            ]))
    }

    /// Solves the body's scenario as `sourcing solve --format json` does and answers the plan
    /// JSON, byte for byte; with `store`, keeps it and answers 201 with its Location. Without
    /// `store`, `warmFrom=PLAN` re-solves the scenario warm from that stored plan's basis.
    func solve(_ request: Request, store: Bool) async throws -> Response {
        let query = try Query(request, known: SolveSettings.parameters + ["name"] + (store ? [] : ["warmFrom"]))
        let settings = try SolveSettings(query)
        let warmFrom = try query.one("warmFrom")
        let upload = try await ScenarioUpload(
            request: request, limit: limits.maxBodyBytes, defaultName: try query.one("name") ?? "")
        var basePlan: StoredPlan?
        if let warmFrom { basePlan = try await requirePlan(warmFrom[...]) }
        let limits = self.limits
        let warmStarts = self.warmStarts
        let outcome = try await pool.run { [basePlan] thread in
            Result { () throws(APIError) in
                let scenario = try upload.decode(maxBytes: limits.maxBodyBytes)
                if let basePlan {
                    let base = try warmStarts.base(
                        for: basePlan, maxBytes: limits.maxBodyBytes, ceiling: limits.solveTimeLimit)
                    var plan = thread.pointSolver(for: basePlan.id, base: base).solve(scenario)
                    plan.scenario = ScenarioIdentity(name: scenario.name, bytes: upload.bytes)
                    return PlanDocument(plan: plan)
                }
                let options = settings.planOptions(for: scenario, ceiling: limits.solveTimeLimit)
                do throws(SolverError) {
                    return try PlanDocument(solving: scenario, bytes: upload.bytes, options: options)
                } catch {
                    throw APIError.solverDefect(error)
                }
            }
        }
        let document = try outcome.get()
        var response = textResponse(document.json, contentType: "application/json")
        response.headers[.planStatus] = document.plan.status.rawValue
        guard store else { return response }
        let id = newIdentifier()
        try await storage.insert(
            StoredPlan(
                id: id, createdAt: timestamp(), name: document.plan.scenario.name,
                sha256: document.plan.scenario.sha256,
                format: upload.format.rawValue, scenario: Data(upload.bytes),
                options: settings.json.serialized(pretty: false),
                status: document.plan.status.rawValue, objective: document.plan.objective, json: document.json))
        response.status = .created
        response.headers[.location] = "/v1/plans/\(id)"
        response.headers[.planID] = id
        return response
    }

    func listPlans(_ request: Request) async throws -> Response {
        let query = try Query(request, known: ["limit"])
        let limit = try query.limit()
        let plans = try await storage.plans(limit: limit)
        return jsonResponse(.object([("plans", .array(plans.map(\.summaryJSON)))]))
    }

    /// `{id}` (the plan JSON), `{id}.json` (the same, as a download), `{id}.csv?table=…`,
    /// `{id}.xlsx` (the plan workbook `sourcing solve --xlsx` writes).
    func plan(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        let (id, suffix) = raw.firstIndex(of: ".").map { (raw[..<$0], raw[raw.index(after: $0)...]) } ?? (raw[...], "")
        switch suffix {
        case "", "json":
            _ = try Query(request, known: [])
            let stored = try await requirePlan(id)
            var response = textResponse(stored.json, contentType: "application/json")
            response.headers[.planStatus] = stored.status
            if suffix == "json" { response.headers[.contentDisposition] = attachment(stored, "plan.json") }
            return response
        case "csv":
            let query = try Query(request, known: ["table"])
            let stored = try await requirePlan(id)
            let tables = try readPlan(stored).csvTables
            let name = (try query.one("table") ?? "item-periods")
            guard let table = tables.first(where: { $0.name == name + ".csv" }) else {
                throw APIError.badRequest(
                    "no CSV table \"\(name)\"; the tables are \(tables.map { String($0.name.dropLast(4)) }.joined(separator: ", "))",
                    code: "badParameter")
            }
            var response = textResponse(table.text, contentType: "text/csv; charset=utf-8; header=present")
            response.headers[.contentDisposition] = attachment(stored, table.name)
            return response
        case "xlsx":
            _ = try Query(request, known: [])
            let stored = try await requirePlan(id)
            let plan = try readPlan(stored)
            let bytes: [UInt8]
            do { bytes = try plan.workbook() } catch {
                throw APIError(
                    status: .internalServerError, code: "internalError",
                    message: "the plan's workbook cannot be written: \(error.message)")
            }
            var response = bytesResponse(ByteBuffer(bytes: bytes), contentType: UploadFormat.xlsxMediaType)
            response.headers[.contentDisposition] = attachment(stored, "plan.xlsx")
            return response
        default:
            throw APIError.notFound(
                "no such plan form \".\(suffix)\": a plan is served as {id}, {id}.json, {id}.csv or {id}.xlsx")
        }
    }

    func deletePlan(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        // `{id}.json` and `{id}.csv` are forms of a plan to read, not plans to remove.
        let raw = try context.parameters.require("id")
        if [".json", ".csv", ".xlsx"].contains(where: { raw.hasSuffix($0) }) {
            throw APIError.methodNotAllowed(request, allowed: ["GET"])
        }
        _ = try Query(request, known: [])
        let id = try requireIdentifier(context, "plan")
        guard try await storage.deletePlan(String(id)) else { throw APIError.notFound("no plan \(id)") }
        return Response(status: .noContent)
    }

    func report(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try Query(request, known: [])
        let stored = try await requirePlan(try requireIdentifier(context, "plan"))
        return reportResponse(HTMLReport(plan: try readPlan(stored)).html)
    }

    /// The scenario as posted, or (`format`) written anew as JSON, YAML or a workbook, with
    /// every field and default (as `sourcing convert` writes it).
    func scenario(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let query = try Query(request, known: ["format"])
        let stored = try await requirePlan(try requireIdentifier(context, "plan"))
        let posted = UploadFormat(rawValue: stored.format) ?? .yaml
        guard let asked = try query.one("format") else {
            return bytesResponse(ByteBuffer(bytes: stored.scenario), contentType: posted.contentType)
        }
        guard let format = UploadFormat(rawValue: asked) else {
            throw APIError.badRequest("format must be json, yaml or xlsx, got \"\(asked)\"", code: "badParameter")
        }
        let upload = ScenarioUpload(bytes: Array(stored.scenario), format: posted, defaultName: stored.name)
        let limit = limits.maxBodyBytes
        let outcome = try await pool.run {
            Result { () throws(APIError) -> [UInt8] in
                let scenario = try upload.decode(maxBytes: limit)
                switch format {
                case .json: return ScenarioWriter.bytes(scenario, format: .json)
                case .yaml: return ScenarioWriter.bytes(scenario, format: .yaml)
                case .xlsx:
                    do throws(ScenarioError) { return try ScenarioWriter.workbook(scenario) } catch {
                        throw APIError.scenario(error)
                    }
                }
            }
        }
        var response = bytesResponse(ByteBuffer(bytes: try outcome.get()), contentType: format.contentType)
        response.headers[.contentDisposition] = attachment(stored, "scenario.\(format.rawValue)")
        return response
    }

    /// What changed from the plan `with` (before) to this one (after), as `sourcing compare`
    /// prints it (`format=json`, the default, or `text`).
    func compare(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let query = try Query(request, known: ["with", "format"])
        let format = try query.one("format") ?? "json"
        guard format == "json" || format == "text" else {
            throw APIError.badRequest("format must be json or text, got \"\(format)\"", code: "badParameter")
        }
        let after = try await requirePlan(try requireIdentifier(context, "plan"))
        guard let other = try query.one("with") else {
            throw APIError.badRequest(
                "give with=PLAN_ID, the plan to compare with (the one before the change)", code: "badParameter")
        }
        guard isIdentifier(other[...]) else { throw APIError.notFound("no plan \(other)") }
        let before = try await requirePlan(other[...])
        let comparison = PlanComparison(before: try readPlan(before), after: try readPlan(after))
        if format == "text" {
            return textResponse(
                comparison.text(beforeLabel: before.id, afterLabel: after.id), contentType: "text/plain")
        }
        return jsonResponse(comparison.json)
    }

    // MARK: Helpers

    func requireIdentifier(_ context: BasicRequestContext, _ what: String) throws -> Substring {
        let id = try context.parameters.require("id")
        guard isIdentifier(id[...]) else { throw APIError.notFound("no \(what) \(id)") }
        return id[...]
    }

    func requirePlan(_ id: Substring) async throws -> StoredPlan {
        guard isIdentifier(id), let plan = try await storage.plan(String(id)) else {
            throw APIError.notFound("no plan \(id)")
        }
        return plan
    }

    func readPlan(_ stored: StoredPlan) throws -> Plan {
        do {
            return try Plan(jsonText: stored.json)
        } catch {
            throw APIError(
                status: .internalServerError, code: "internalError",
                message: "stored plan \(stored.id) cannot be read: \(error)")
        }
    }

    /// `attachment; filename="NAME-plan.json"`, the scenario's name reduced to safe characters.
    func attachment(_ stored: StoredPlan, _ file: String) -> String {
        "attachment; filename=\"\(safeFileName(stored.name))-\(file)\""
    }
}

/// The report page: self-contained, so it may use its inline style sheet and nothing else.
func reportResponse(_ html: String) -> Response {
    var response = textResponse(html, contentType: "text/html")
    response.headers[.contentSecurityPolicy] =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
    return response
}

/// A name kept to letters, digits, `-`, `_` and `.`, for a download's file name.
func safeFileName(_ name: String) -> String {
    let kept = name.unicodeScalars.map { scalar -> Character in
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            ? Character(scalar) : "-"
    }
    let text = String(kept).split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
    return text.isEmpty || text.hasPrefix(".") ? "scenario" : String(text.prefix(80))
}

extension StoredPlan {
    var summaryJSON: JSONValue {
        .object([
            ("id", .string(id)), ("name", .string(name)), ("status", .string(status)),
            ("objective", .optional(objective)),
            ("createdAt", .string(createdAt)), ("sha256", .string(sha256)),
            (
                "links",
                .object([
                    ("plan", .string("/v1/plans/\(id)")), ("report", .string("/v1/plans/\(id)/report")),
                    ("csv", .string("/v1/plans/\(id).csv")), ("scenario", .string("/v1/plans/\(id)/scenario")),
                ])
            ),
        ])
    }
}

/// The bundled models with the facts the start page shows, decoded once.
enum ModelCatalog {
    struct Entry: Sendable {
        var model: BundledModel
        var name: String
        var periods: [String]
        var items: Int
        var sources: Int

        var json: JSONValue {
            .object([
                ("id", .string(model.id)), ("file", .string(model.file)), ("name", .string(name)),
                ("description", .string(model.description)),
                ("periods", .array(periods.map { .string($0) })),
                ("items", .number(Double(items))), ("sources", .number(Double(sources))),
                ("links", .object([("scenario", .string("/v1/models/\(model.id)"))])),
            ])
        }
    }

    static let entries: [Entry] = Bundled.models.map { model in
        let scenario = try? ScenarioLoader().decode(model.bytes, format: .yaml, defaultName: model.id)
        return Entry(
            model: model, name: scenario?.name ?? model.id, periods: scenario?.periods ?? [],
            items: scenario?.items.count ?? 0, sources: scenario?.sources.count ?? 0)
    }
}
