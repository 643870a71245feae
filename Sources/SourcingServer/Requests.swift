import Foundation
import Hummingbird
import Sourcing

// What a request carries: a scenario in its body (JSON or YAML, by Content-Type) and options in
// its query, named as the CLI's options are (`timeLimit` for `--time-limit`, ...). Unknown
// query parameters are refused, as unknown scenario fields are: a misspelt option must not be
// silently ignored.

/// How a scenario document is written: JSON, YAML, or the workbook form (.xlsx).
enum UploadFormat: String, Sendable, CaseIterable {
    case json, yaml, xlsx

    /// The media types read as each format (parameters such as `charset` are ignored).
    static let mediaTypes: [(String, UploadFormat)] = [
        ("application/json", .json), ("application/yaml", .yaml), ("application/x-yaml", .yaml),
        ("text/yaml", .yaml), ("text/x-yaml", .yaml), (xlsxMediaType, .xlsx),
    ]

    static let xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The media type to send a stored document back with.
    var contentType: String {
        switch self {
        case .json: "application/json"
        case .yaml: "application/yaml; charset=utf-8"
        case .xlsx: UploadFormat.xlsxMediaType
        }
    }

    init(ofContentType contentType: String?) throws(APIError) {
        let accepted = "application/json, application/yaml or \(UploadFormat.xlsxMediaType) (a workbook)"
        guard let contentType else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupportedMediaType",
                message: "give the scenario's Content-Type: \(accepted)")
        }
        let mediaType =
            contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let format = UploadFormat.mediaTypes.first(where: { $0.0 == mediaType })?.1 else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupportedMediaType",
                message: "a scenario is \(accepted), not \(mediaType.isEmpty ? "an empty Content-Type" : mediaType)")
        }
        self = format
    }
}

/// A scenario document received in a request body.
struct ScenarioUpload: Sendable {
    var bytes: [UInt8]
    var format: UploadFormat
    /// The name of a scenario without a top-level `name` (the `name` query parameter; the CLI
    /// uses the file's name).
    var defaultName: String

    init(bytes: [UInt8], format: UploadFormat, defaultName: String) {
        self.bytes = bytes
        self.format = format
        self.defaultName = defaultName
    }

    /// Reads the body, refusing more than `limit` bytes (413) before reading it where the
    /// length is announced, and an empty body (400).
    init(request: Request, limit: Int, defaultName: String) async throws {
        format = try UploadFormat(ofContentType: request.headers[.contentType])
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.tooLarge(limit: limit)
        }
        // Read piece by piece so that a body without a length (chunked) is refused as soon as it
        // passes the limit, not after it has been held whole.
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            if bytes.count + buffer.readableBytes > limit { throw APIError.tooLarge(limit: limit) }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        guard !bytes.isEmpty else {
            throw APIError.badRequest(
                "the request has no body: send the scenario document (JSON, YAML or a workbook)", code: "emptyBody")
        }
        self.bytes = bytes
        self.defaultName = defaultName
    }

    /// The scenario, validated as the CLI validates a file, with every problem on failure
    /// (a workbook's with their sheet and cell).
    func decode(maxBytes: Int) throws(APIError) -> Scenario {
        let loader = ScenarioLoader(maxBytes: maxBytes)
        do {
            switch format {
            case .json: return try loader.decode(bytes, format: .json, defaultName: defaultName)
            case .yaml: return try loader.decode(bytes, format: .yaml, defaultName: defaultName)
            case .xlsx: return try loader.decodeWorkbook(bytes, defaultName: defaultName)
            }
        } catch {
            throw APIError.scenario(error)
        }
    }
}

extension APIError {
    static func tooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge, code: "tooLarge",
            message: "the body is larger than this server's limit of \(limit) bytes (`sourcing serve --max-body`)")
    }
}

/// The query of a request, read strictly: each parameter at most once unless it may repeat,
/// none that the endpoint does not know.
struct Query {
    private var values: [(String, String)]

    init(_ request: Request, known: [String]) throws(APIError) {
        values = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        for (key, _) in values where !known.contains(key) {
            throw APIError.badRequest(
                "unknown query parameter \"\(key)\""
                    + (known.isEmpty
                        ? "; this endpoint takes none" : "; this endpoint takes \(known.joined(separator: ", "))"),
                code: "unknownParameter")
        }
    }

    func all(_ key: String) -> [String] { values.filter { $0.0 == key }.map(\.1) }

    func one(_ key: String) throws(APIError) -> String? {
        let found = all(key)
        if found.count > 1 { throw APIError.badRequest("give \(key) at most once", code: "badParameter") }
        return found.first
    }

    func number(_ key: String) throws(APIError) -> Double? {
        guard let text = try one(key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw APIError.badRequest("\(key) must be a number, got \"\(text)\"", code: "badParameter")
        }
        return value
    }

    func integer(_ key: String) throws(APIError) -> Int? {
        guard let text = try one(key) else { return nil }
        guard let value = Int(text) else {
            throw APIError.badRequest("\(key) must be a whole number, got \"\(text)\"", code: "badParameter")
        }
        return value
    }

    /// `limit` of a listing: 1 to 1000, 50 when absent.
    func limit() throws(APIError) -> Int {
        let limit = try integer("limit") ?? 50
        guard (1...1000).contains(limit) else {
            throw APIError.badRequest("limit must be from 1 to 1000", code: "badParameter")
        }
        return limit
    }

    func boolean(_ key: String) throws(APIError) -> Bool? {
        guard let text = try one(key) else { return nil }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.badRequest("\(key) must be true or false, got \"\(text)\"", code: "badParameter")
        }
    }
}

/// The solve options of a request: the CLI's `--time-limit`, `--mip-gap`, `--memory-limit` and
/// `--no-sensitivity`, as `timeLimit`, `mipGap`, `memoryLimit` and `sensitivity=false`.
struct SolveSettings: Sendable, Equatable {
    var timeLimit: Double?
    var mipGap: Double?
    var memoryLimit: Int?
    var sensitivity = true

    static let parameters = ["timeLimit", "mipGap", "memoryLimit", "sensitivity"]

    init(timeLimit: Double? = nil, mipGap: Double? = nil, memoryLimit: Int? = nil, sensitivity: Bool = true) {
        self.timeLimit = timeLimit
        self.mipGap = mipGap
        self.memoryLimit = memoryLimit
        self.sensitivity = sensitivity
    }

    init(_ query: Query) throws(APIError) {
        timeLimit = try query.number("timeLimit")
        mipGap = try query.number("mipGap")
        memoryLimit = try query.integer("memoryLimit")
        sensitivity = try query.boolean("sensitivity") ?? true
        if let timeLimit, !(timeLimit > 0) {
            throw APIError.badRequest("timeLimit must be a positive number of seconds", code: "badParameter")
        }
        if let mipGap, !(mipGap >= 0 && mipGap < 1) {
            throw APIError.badRequest("mipGap must be in [0, 1)", code: "badParameter")
        }
        if let memoryLimit, memoryLimit < 1 {
            throw APIError.badRequest("memoryLimit must be at least 1 (MiB)", code: "badParameter")
        }
    }

    /// The library's options for `scenario`, the solve's time limit held to the server's
    /// per-request ceiling (the plan's `solver.settings.timeLimitSeconds` then says so).
    /// One thread per solve: the pool gives the parallelism, and the bytes do not depend on it.
    func planOptions(for scenario: Scenario, ceiling: Double) -> PlanOptions {
        let asked = timeLimit ?? scenario.solver.timeLimitSeconds
        var options = PlanOptions(
            timeLimitSeconds: timeLimit, mipGap: mipGap, memoryLimitMegabytes: memoryLimit, sensitivity: sensitivity,
            jobs: 1)
        if asked.map({ $0 > ceiling }) ?? true { options.timeLimitSeconds = ceiling }
        return options
    }

    var json: JSONValue {
        .object([
            ("timeLimit", .optional(timeLimit)), ("mipGap", .optional(mipGap)),
            ("memoryLimit", .optional(memoryLimit.map(Double.init))), ("sensitivity", .bool(sensitivity)),
        ])
    }

    init(json: JSONValue?) {
        func number(_ key: String) -> Double? {
            if case .number(let x)? = json?[key] { return x }
            return nil
        }
        timeLimit = number("timeLimit")
        mipGap = number("mipGap")
        memoryLimit = number("memoryLimit").map { Int($0) }
        if case .bool(let value)? = json?["sensitivity"] { sensitivity = value }
    }
}

extension JSONValue {
    static func optional(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
}
