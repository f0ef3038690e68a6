extension TwilioSignature {
    /// `url` as given, plus the same URL with its scheme's default port added (if absent) or removed (if
    /// present), as twilio-node's `validateRequest` tries both. Other URLs yield only themselves.
    static func urlVariants(_ url: String) -> [String] {
        guard let schemeEnd = url.range(of: "://") else { return [url] }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let defaultPort: String
        switch scheme {
        case "https": defaultPort = "443"
        case "http": defaultPort = "80"
        default: return [url]
        }
        let authorityEnd = url[schemeEnd.upperBound...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        // Credentials (`user:password@`) come before the host, and their colon is not a port separator.
        let hostStart = url[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@").map(url.index(after:))
        let host = url[(hostStart ?? schemeEnd.upperBound)..<authorityEnd]
        let prefix = url[..<host.startIndex]
        let rest = url[authorityEnd...]
        // The port follows the last colon, unless that colon sits inside an IPv6 literal (`[::1]`).
        if let colon = host.lastIndex(of: ":"), !host[colon...].contains("]") {
            guard host[host.index(after: colon)...] == defaultPort else { return [url] }
            return [url, String(prefix + host[..<colon] + rest)]
        }
        return [url, String(prefix + host + ":" + defaultPort + rest)]
    }
}
