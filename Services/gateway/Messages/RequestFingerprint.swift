import Cryptography

/// What a replayed `Idempotency-Key` must repeat: a send request's route and every field after normalisation
/// (the recipient in E.164, a date as an instant...), written in one canonical form and hashed with SHA-256.
///
/// Each field is a line `name=<UTF-8 byte count>:<value>`, or `name=-` when absent, in the order the caller
/// adds them, so that two different requests never share a form (no separator inside a value can fake a
/// field). The form starts with its version, `v1`: changing it makes earlier messages' keys replay as 422.
struct RequestFingerprint: Sendable {
    private var canonical = "v1\n"

    /// A fingerprint of a request to `route`, a template such as `POST /api/sessions/{id}/send` (the
    /// path's values are fields of their own).
    init(route: String) {
        add("route", route)
    }

    /// Adds a field; nil is an absent one.
    mutating func add(_ name: String, _ value: String?) {
        canonical += value.map { "\(name)=\($0.utf8.count):\($0)\n" } ?? "\(name)=-\n"
    }

    /// Adds a list field: its count, then each value as `name.<index>`.
    mutating func add(_ name: String, list values: [String]) {
        add("\(name).count", String(values.count))
        for (index, value) in values.enumerated() { add("\(name).\(index)", value) }
    }

    /// The SHA-256 of the canonical form, 64 lowercase hex digits (what `messages.request_fingerprint` keeps).
    func sha256Hex() throws -> String {
        try Digest.sha256Hex(canonical)
    }
}
