import Foundation
import Sourcing

// Sweeps and stress tests as the server runs them: the request (the CLI's options, as query
// parameters, kept as JSON with the job) and the analysis built from it. Building one solves
// the base scenario, so it runs on a solver thread, like everything that calls GLPK.

/// What a sweep or stress request asks for.
struct AnalysisRequest: Sendable, Equatable {
    var kind: JobKind
    /// Sweep: `PATH=VALUES`, one or two (`--vary`).
    var vary: [String] = []
    /// Sweep: rebuild every point from scratch (`--cold`).
    var cold = false
    /// Stress: `country` or `source` (`--by`).
    var by: StressTarget = .country
    /// Stress: the first disrupted period (`--from`).
    var from: String?
    /// Stress: periods the disruption lasts (`--for`).
    var duration: Int?
    var settings = SolveSettings()
    /// The name of a scenario without a top-level `name` (the `name` query parameter).
    var defaultName = ""

    static func parameters(for kind: JobKind) -> [String] {
        (kind == .sweep ? ["vary", "cold"] : ["by", "from", "for"]) + SolveSettings.parameters + ["name"]
    }

    init(kind: JobKind, query: Query) throws(APIError) {
        self.kind = kind
        settings = try SolveSettings(query)
        switch kind {
        case .sweep:
            vary = query.all("vary")
            if vary.isEmpty || vary.count > 2 {
                throw APIError.badRequest(
                    "give one or two vary=PATH=VALUES parameters (as `sourcing sweep --vary`)", code: "badParameter")
            }
            cold = try query.boolean("cold") ?? false
        case .stress:
            if let text = try query.one("by") {
                guard let target = StressTarget(rawValue: text) else {
                    throw APIError.badRequest("by must be country or source, got \"\(text)\"", code: "badParameter")
                }
                by = target
            }
            from = try query.one("from")
            duration = try query.integer("for")
        }
    }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(kind.rawValue))]
        switch kind {
        case .sweep: members += [("vary", .array(vary.map { .string($0) })), ("cold", .bool(cold))]
        case .stress:
            members += [
                ("by", .string(by.rawValue)), ("from", .optional(from)), ("for", .optional(duration.map(Double.init))),
            ]
        }
        return .object(members + [("settings", settings.json), ("name", .string(defaultName))])
    }

    init(json: JSONValue) {
        kind = (json["kind"].flatMap { if case .string(let s) = $0 { JobKind(rawValue: s) } else { nil } }) ?? .sweep
        if case .array(let values)? = json["vary"] {
            vary = values.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        if case .bool(let value)? = json["cold"] { cold = value }
        if case .string(let value)? = json["by"] { by = StressTarget(rawValue: value) ?? .country }
        if case .string(let value)? = json["from"] { from = value }
        if case .number(let value)? = json["for"] { duration = Int(value) }
        settings = SolveSettings(json: json["settings"])
        if case .string(let value)? = json["name"] { defaultName = value }
    }
}

/// A request checked against its scenario and its base solved: ready to run.
struct PreparedAnalysis: Sendable {
    enum Work: Sendable {
        case sweep(Sweep, cold: Bool)
        case stress(StressTest)
    }
    let base: AnalysisBase
    let work: Work

    /// The most points a sweep may have here (the CLI allows more, for clusters).
    static let maxPoints = 100_000

    /// Solves the base and checks the request (paths, values, periods) as the CLI does.
    /// On the calling thread, which must be a solver thread.
    init(scenario: Scenario, bytes: [UInt8], request: AnalysisRequest, ceiling: Double) throws(APIError) {
        let options = request.settings.planOptions(for: scenario, ceiling: ceiling)
        let identity = ScenarioIdentity(name: scenario.name, bytes: bytes)
        do {
            base = try AnalysisBase(scenario: scenario, identity: identity, options: options)
        } catch {
            throw APIError.solverDefect(error)
        }
        do throws(AnalysisError) {
            switch request.kind {
            case .sweep:
                let parameters = try request.vary.map { spec throws(AnalysisError) in
                    try Sweep.Parameter(specification: spec, in: scenario)
                }
                let sweep = try Sweep(base: base, parameters: parameters)
                guard sweep.pointCount <= PreparedAnalysis.maxPoints else {
                    throw AnalysisError.badRequest(
                        "the grid has \(sweep.pointCount) points, more than this server's \(PreparedAnalysis.maxPoints); use `sourcing sweep --shard` for larger grids"
                    )
                }
                work = .sweep(sweep, cold: request.cold)
            case .stress:
                work = .stress(
                    try StressTest(base: base, by: request.by, from: request.from, duration: request.duration))
            }
        } catch {
            throw APIError.badRequest(PreparedAnalysis.message(error), code: "badAnalysis")
        }
    }

    /// An analysis error in the words of this API, naming the query parameter that was wrong.
    static func message(_ error: AnalysisError) -> String {
        switch error {
        case .unknownPeriod: "from: \(error)"
        case .durationTooShort(let length): "for must be at least 1 period, got \(length)"
        case let .durationPastHorizon(length, from, last, left):
            "for \(length) from \(from) runs past the last period \(last); at most \(left)"
        case .noParameters: "give one or two vary=PATH=VALUES parameters"
        default: error.description
        }
    }

    /// How many solves the job has (sweep points, or disruptions).
    var total: Int {
        switch work {
        case .sweep(let sweep, _): sweep.pointCount
        case .stress(let test): test.targets.count
        }
    }
}
