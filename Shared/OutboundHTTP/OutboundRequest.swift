/// One HTTP request to a third party (SMS, voice or WhatsApp provider, customer webhook).
///
/// `description` shows the method and the URL's scheme, host and path only: queries, headers and bodies
/// may carry API keys, phone numbers or message text.
package struct OutboundRequest: Sendable {
    package var method: Method
    /// Absolute `http://` or `https://` URL, query included.
    package var url: String
    /// Sent in order after the client's own (`User-Agent` here overrides the configured one).
    package var headers: OutboundHeaders
    /// Raw body bytes; prefer ``setBody(_:contentType:)``, ``setJSONBody(_:encoder:)`` or
    /// ``setFormBody(_:)``, which also set `Content-Type`.
    package var body: [UInt8]
    /// Overrides ``OutboundHTTPConfiguration/connectTimeout`` for this request.
    package var connectTimeout: Duration?
    /// Overrides ``OutboundHTTPConfiguration/totalTimeout`` for this request.
    package var totalTimeout: Duration?
    /// Overrides ``OutboundHTTPConfiguration/maxResponseBodySize`` (for example for a media download).
    package var maxResponseBodySize: Int?
    /// Connects only to public addresses (``IPAddress/isPublic``), checked on the address each connection is
    /// about to use, after DNS resolution (no rebinding between a check and the connect): for URLs a customer
    /// gives (webhooks), which must not reach the platform's own network. A refused address fails the request
    /// with ``OutboundHTTPError/addressRefused(endpoint:)``.
    package var publicAddressesOnly = false
    /// The third party this calls, for ``ProviderMetrics`` (nil: not counted, e.g. the worker registry).
    package var provider: String?

    package init(
        method: Method = .get,
        url: String,
        headers: OutboundHeaders = [:],
        body: [UInt8] = [],
        connectTimeout: Duration? = nil,
        totalTimeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBodySize = nil
    }
}

extension OutboundRequest: CustomStringConvertible {
    package var description: String {
        let target = (try? OutboundEndpoint(url: url).description) ?? "<invalid URL>"
        return "\(method.rawValue) \(target)"
    }
}
