import HTTPTypes
import Hummingbird

// The router, with a table of every route it serves: a path the server knows, asked with a
// method it does not take, is answered 405 with `Allow` (the router alone would say 404).

/// Every route's method and path pattern (`/v1/plans/{id}`).
final class RouteTable: @unchecked Sendable {
    private var entries: [(method: HTTPRequest.Method, segments: [Substring])] = []

    /// Filled while the routes are registered, before the server listens; read-only after.
    func record(_ method: HTTPRequest.Method, _ path: String) {
        entries.append((method, path.split(separator: "/")))
    }

    /// The methods served at `path`, in the order registered; empty for an unknown path.
    /// A pattern segment `{id}` stands for a segment without a dot, `{id}.csv` for one ending in `.csv`.
    func methods(at path: String) -> [String] {
        let segments = path.split(separator: "/")
        var methods: [String] = []
        for entry in entries where entry.segments.count == segments.count {
            let matches = zip(entry.segments, segments).allSatisfy { pattern, segment in
                guard pattern.hasPrefix("{"), let close = pattern.firstIndex(of: "}") else { return pattern == segment }
                let suffix = pattern[pattern.index(after: close)...]
                return suffix.isEmpty
                    ? !segment.isEmpty && !segment.contains(".")
                    : segment.count > suffix.count && segment.hasSuffix(suffix)
            }
            if matches, !methods.contains(entry.method.rawValue) { methods.append(entry.method.rawValue) }
        }
        return methods
    }
}

/// Registers routes on the router and in the table.
struct Routes {
    let router: Router<BasicRequestContext>
    let table: RouteTable

    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    func get(_ path: String, _ handler: @escaping Handler) { on(.get, path, handler) }
    func post(_ path: String, _ handler: @escaping Handler) { on(.post, path, handler) }
    func delete(_ path: String, _ handler: @escaping Handler) { on(.delete, path, handler) }

    /// A form of a registered route that its handler serves too (`/v1/plans/{id}.csv` by
    /// `/v1/plans/{id}`): for the table only.
    func form(_ method: HTTPRequest.Method, _ path: String) { table.record(method, path) }

    private func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        router.on(RouterPath(path), method: method, use: handler)
        table.record(method, path)
    }
}
