import Foundation
import HTTPTypes
import Hummingbird
import Sourcing

// Every error the API answers is one JSON object:
//   {"error": "invalidScenario", "message": "…", "problems": [{"path": "…", "message": "…"}]}
// `error` is a stable code for programs, `message` a sentence for people, and `problems` (bad
// scenarios only) the loader's problems with the same paths and messages as `sourcing validate`.

/// An error answered as JSON with its status.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    /// A stable, camel-case code (`invalidScenario`, `notFound`, `busy`, ...).
    var code: String
    var message: String
    var problems: [ScenarioProblem] = []
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var members: [(String, JSONValue)] = [("error", .string(code)), ("message", .string(message))]
        if !problems.isEmpty {
            members.append(
                (
                    "problems",
                    .array(
                        problems.map { problem in
                            var fields: [(String, JSONValue)] = [
                                ("path", .string(problem.path)), ("message", .string(problem.message)),
                            ]
                            if let location = problem.location { fields.append(("location", .string(location))) }
                            return .object(fields)
                        })
                ))
        }
        var response = jsonResponse(.object(members), status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, code: "notFound", message: what)
    }

    static func badRequest(_ message: String, code: String = "badRequest") -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    /// A scenario that cannot be read at all (not UTF-8, not JSON or YAML, too deep) is a bad
    /// request (400); one that reads but breaks the format's rules is unprocessable (422).
    static func scenario(_ error: ScenarioError) -> APIError {
        let wholeFile = error.problems.allSatisfy { $0.path.isEmpty }
        let count = error.problems.count
        return APIError(
            status: wholeFile ? .badRequest : .unprocessableContent,
            code: wholeFile ? "unreadableScenario" : "invalidScenario",
            message: wholeFile
                ? "the scenario cannot be read: \(error.problems.first?.message ?? "")"
                : "the scenario has \(count) problem\(count == 1 ? "" : "s"); each is listed with its path",
            problems: error.problems)
    }

    /// The path is served, but not with this method.
    static func methodNotAllowed(_ request: Request, allowed: [String]) -> APIError {
        var headers = HTTPFields()
        headers[.allow] = allowed.joined(separator: ", ")
        return APIError(
            status: .methodNotAllowed, code: "methodNotAllowed",
            message: "\(request.uri.path) takes \(allowed.joined(separator: " or ")), not \(request.method)",
            headers: headers)
    }

    /// The solver layer refused the built model: a defect, never the user's fault.
    static func solverDefect(_ error: SolverError) -> APIError {
        APIError(
            status: .internalServerError, code: "internalError",
            message: "internal error: the built model was rejected by the solver layer: \(error)")
    }

    /// The solver threads and their queue are all taken.
    static func busy(retryAfter seconds: Int) -> APIError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return APIError(
            status: .serviceUnavailable, code: "busy",
            message: "every solver thread is busy and the queue is full; retry in \(seconds) s", headers: headers)
    }
}

/// A JSON response from the project's ordered JSON writer (the plan's own writer).
func jsonResponse(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    textResponse(value.serialized(), contentType: "application/json", status: status)
}

/// A response with a UTF-8 text body.
func textResponse(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
    bytesResponse(
        ByteBuffer(string: text),
        contentType: contentType.contains("charset") || !contentType.hasPrefix("text/")
            ? contentType : contentType + "; charset=utf-8", status: status)
}

func bytesResponse(_ buffer: ByteBuffer, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = contentType
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
}

/// Maps every error, the framework's included (an unknown route, a bad method), to the JSON
/// form, so that a client never has to read an empty or HTML error body; and marks every
/// response not to be sniffed, cached or referred.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await answer(request, context: context, next: next)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    private func answer(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound && !routes.methods(at: request.uri.path).isEmpty
        {
            return try APIError.methodNotAllowed(request, allowed: routes.methods(at: request.uri.path))
                .response(from: request, context: context)
        } catch let error as HTTPError {
            let code =
                error.status == .notFound
                ? "notFound"
                : error.status == .contentTooLarge
                    ? "tooLarge"
                    : error.status == .methodNotAllowed ? "methodNotAllowed" : "httpError"
            let message =
                error.status == .notFound
                ? "no such resource: \(request.method) \(request.uri.path) (GET /openapi.json lists every endpoint)"
                : error.body ?? error.status.reasonPhrase
            return try APIError(status: error.status, code: code, message: message, headers: error.headers)
                .response(from: request, context: context)
        } catch is WorkerPool.Full {
            return try APIError.busy(retryAfter: 2).response(from: request, context: context)
        } catch {
            context.logger.error("internal error: \(error)")
            return try APIError(
                status: .internalServerError, code: "internalError", message: "internal error: \(error)"
            )
            .response(from: request, context: context)
        }
    }
}
