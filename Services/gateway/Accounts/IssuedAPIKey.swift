/// The answer to issuing a key (201): the listed fields plus `key`, the whole key, shown this once only.
package struct IssuedAPIKey: Sendable, Hashable, Codable {
    package var id: String
    package var accountId: String
    package var name: String
    package var prefix: String
    package var createdAt: String
    /// `ap_<prefix>_<secret>`: store it now, it cannot be shown again.
    package var key: String

    init(_ resource: APIKeyResource, key: String) {
        id = resource.id
        accountId = resource.accountId
        name = resource.name
        prefix = resource.prefix
        createdAt = resource.createdAt
        self.key = key
    }
}
