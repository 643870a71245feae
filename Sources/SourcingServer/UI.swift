import Hummingbird

// The browser UI: one page, its script and its style sheet, built into the binary. Nothing is
// fetched from elsewhere (no CDN, no web fonts): the page works on an air-gapped network. The
// script builds every element with textContent, never innerHTML, so no scenario string is
// ever read as markup.

enum UI {
    /// Scripts and styles from this server only; frames only of this server (the report).
    static let policy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"

    static func register(on routes: Routes) {
        routes.get("/") { _, _ in page(Bundled.indexPage, "text/html; charset=utf-8") }
        routes.get("/ui/app.js") { _, _ in page(Bundled.script, "text/javascript; charset=utf-8") }
        routes.get("/ui/app.css") { _, _ in page(Bundled.styleSheet, "text/css; charset=utf-8") }
    }

    static func page(_ bytes: [UInt8], _ contentType: String) -> Response {
        var response = bytesResponse(ByteBuffer(bytes: bytes), contentType: contentType)
        response.headers[.contentSecurityPolicy] = policy
        return response
    }
}
