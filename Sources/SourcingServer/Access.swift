import Foundation
import HTTPTypes
import Hummingbird

// Who may talk to the server. Without a token the server listens on loopback only, and takes
// only requests addressed to a loopback name (a web page elsewhere that rebinds its own domain
// name to 127.0.0.1 still sends its own Host header, and is refused). With a token every
// request must carry it: `Authorization: Bearer TOKEN` from programs, or HTTP Basic with the
// token as the password, which is how a browser asks for it and then sends it on every request
// of the page (the user name is ignored).

struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let token {
            guard authorized(request.headers[.authorization], token: token) else {
                var headers = HTTPFields()
                headers.append(HTTPField(name: .wwwAuthenticate, value: "Bearer realm=\"sourcing\""))
                headers.append(HTTPField(name: .wwwAuthenticate, value: "Basic realm=\"sourcing\", charset=\"UTF-8\""))
                throw APIError(
                    status: .unauthorized, code: "unauthorized",
                    message: "this server needs its token: send Authorization: Bearer TOKEN", headers: headers)
            }
        } else if let authority = request.head.authority, !isLoopbackAuthority(authority) {
            throw APIError(
                status: .forbidden, code: "forbiddenHost",
                message:
                    "this server listens on loopback and answers only requests addressed to 127.0.0.1, localhost or [::1]"
            )
        }
        return try await next(request, context)
    }

    /// Whether the header carries the token, compared in constant time.
    func authorized(_ header: String?, token: String) -> Bool {
        guard let header, let space = header.firstIndex(of: " ") else { return false }
        let scheme = header[..<space].lowercased()
        let credentials = header[header.index(after: space)...].trimmingCharacters(in: .whitespaces)
        let given: String
        switch scheme {
        case "bearer":
            given = credentials
        case "basic":
            guard let data = Data(base64Encoded: credentials), let text = String(data: data, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            else { return false }
            given = String(text[text.index(after: colon)...])
        default:
            return false
        }
        let a = Array(given.utf8)
        let b = Array(token.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<min(a.count, b.count) { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// `127.0.0.1:8080`, `localhost`, `[::1]:8080`, ...
    func isLoopbackAuthority(_ authority: String) -> Bool {
        var host = Substring(authority)
        if host.hasPrefix("[") {
            host = host.dropFirst().prefix { $0 != "]" }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return ServerConfiguration.isLoopback(String(host))
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let planStatus = HTTPField.Name("X-Plan-Status")!
    static let planID = HTTPField.Name("X-Plan-Id")!
}
