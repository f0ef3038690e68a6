/// Whether a sender talks to its providers' sandboxes or really sends (and spends credits).
package enum ProviderMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Providers' test endpoints or local stubs: nothing reaches a real phone.
    case sandbox
    /// Real sends.
    case live
}
