import Foundation
import OutboundHTTP

/// Lobstr over HTTP (PROVIDERS.md §5): `GET /v1/results?run=…&page=…&limit=100` with `Authorization: Token <key>`.
/// The base URL is `https://api.lobstr.io/v1` in production and a local stub in tests.
package struct LobstrClient: Sendable {
    package static let productionURL = "https://api.lobstr.io/v1"
    /// Lobstr's largest page.
    package static let pageSize = 100

    let baseURL: String
    let timeout: Duration
    let http: OutboundHTTPClient

    package init(baseURL: String = productionURL, timeout: Duration = .seconds(30), http: OutboundHTTPClient) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.http = http
    }

    /// What one page request came to.
    package enum PageAnswer: Sendable {
        case page(LobstrResultsPage)
        /// 429: wait this long (Lobstr's `Retry-After`, else a second).
        case rateLimited(retryAfter: Duration)
        /// A 5xx, a timeout or a connection failure: try again.
        case transient(reason: String)
        /// 4xx (a bad key, an unknown run) or an unreadable body: trying again will not help.
        case refused(reason: String)
    }

    package func results(run: String, page: Int, apiKey: String) async -> PageAnswer {
        let query = "run=\(Self.escaped(run))&page=\(page)&limit=\(Self.pageSize)"
        var request = OutboundRequest(method: .get, url: baseURL + "/results?" + query, totalTimeout: timeout)
        request.provider = "lobstr"
        request.headers.replaceOrAdd("Authorization", "Token " + apiKey)
        request.headers.replaceOrAdd("Accept", "application/json")
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            return .transient(reason: error.description)
        }
        switch response.statusCode {
        case 200..<300:
            guard let page = LobstrResultsPage.decode(response.body) else {
                return .refused(reason: "Lobstr's results page is not the documented JSON")
            }
            return .page(page)
        case 429: return .rateLimited(retryAfter: response.retryAfter ?? .seconds(1))
        case 500...: return .transient(reason: "Lobstr answered HTTP \(response.statusCode)")
        default: return .refused(reason: "Lobstr answered HTTP \(response.statusCode)")
        }
    }

    private static func escaped(_ text: String) -> String {
        let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
