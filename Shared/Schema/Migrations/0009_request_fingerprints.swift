extension Migration {
    /// The fingerprint of the request that created a message (SHA-256 of its normalised fields and route, 64 hex
    /// digits), which a replayed `Idempotency-Key` must match. Rows from before it have none: the gateway then
    /// compares what they keep (recipient, body, session, channel), as it used to.
    static let requestFingerprints = Migration(
        version: 9,
        name: "request_fingerprints",
        sql: """
            alter table messages add column request_fingerprint text
                check (request_fingerprint is null or request_fingerprint ~ '^[0-9a-f]{64}$');
            """
    )
}
