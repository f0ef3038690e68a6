import CCurl

/// The loggable part of a request URL: scheme, host, port and path. Never the user info, query or fragment,
/// which may hold API keys, tokens or phone numbers.
///
/// Parsed with libcurl's own URL parser so that what is validated is what libcurl will connect to.
struct OutboundEndpoint: Sendable, CustomStringConvertible {
    let scheme: String
    let host: String
    let port: String?
    let path: String

    /// Longest path kept in descriptions; longer ones are cut (and marked) to keep log lines short.
    static let maxPathLength = 120

    init(url: String) throws(OutboundHTTPError) {
        guard let handle = curl_url() else { throw .invalidURL("the URL parser could not be allocated") }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else {
            throw .invalidURL("the URL is not a valid absolute URL")
        }
        guard let scheme = Self.part(handle, CURLUPART_SCHEME)?.lowercased(), scheme == "http" || scheme == "https"
        else {
            throw .invalidURL("the URL scheme must be http or https")
        }
        guard let host = Self.part(handle, CURLUPART_HOST), !host.isEmpty else {
            throw .invalidURL("the URL has no host")
        }
        self.scheme = scheme
        self.host = host
        self.port = Self.part(handle, CURLUPART_PORT)
        self.path = Self.part(handle, CURLUPART_PATH) ?? "/"
    }

    var description: String {
        let shownPath = path.count > Self.maxPathLength ? path.prefix(Self.maxPathLength) + "..." : path
        return "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(shownPath)"
    }

    private static func part(_ handle: OpaquePointer, _ part: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
