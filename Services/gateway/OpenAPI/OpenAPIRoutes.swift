import Hummingbird

/// `GET /openapi.json` (the contract) and `GET /docs` (a reference page that renders it in the browser with a
/// few lines of its own JavaScript: nothing is fetched from elsewhere). Public, like `/health`.
enum OpenAPIRoutes {
    static func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
        }
        router.get("docs") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy:
                        "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'",
                ],
                body: .init(byteBuffer: ByteBuffer(string: ReferencePage.html)))
        }
    }
}
