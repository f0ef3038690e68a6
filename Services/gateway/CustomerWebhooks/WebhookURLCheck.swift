import Foundation
import OutboundHTTP

/// Whether a URL may be a webhook endpoint: absolute `http`/`https`, no user info, at most 2,000 characters,
/// and a host that resolves only to public addresses (``IPAddress/isPublic``) unless the operator allows it
/// (`AP_WEBHOOK_ALLOWED_HOSTS`). Checked at save and again on every connection (``WebhookDeliverer``), since
/// DNS can change in between. Messages describe the rule, never the URL.
struct WebhookURLCheck: Sendable {
    let settings: WebhookSettings
    let resolver: HostResolver

    /// Nil when the URL is acceptable, else why not.
    func problem(with url: String) async -> String? {
        guard url.count <= 2_000, let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return "must be an absolute http or https URL of at most 2000 characters" }
        if components.user != nil || components.password != nil { return "must not carry a user name or password" }
        if settings.allows(url: url) { return nil }
        let addresses = await resolver.addresses(of: host)
        if addresses.isEmpty { return "its host does not resolve" }
        if addresses.contains(where: { !$0.isPublic }) {
            return "resolves to a private, loopback, link-local or metadata address"
        }
        return nil
    }
}
