/// The `data` object of an SMSMobileAPI event. Only the `sms.received` fixture's fields are documented
/// (PROVIDERS.md §1.4); the shapes for `sms.sent` / `sms.failed` are [UNCONFIRMED], so every field is
/// optional and unknown fields are ignored. `guid` is the message GUID returned by `/sendsms/` as `result.id`.
package struct SMSMobileAPIEventData: Sendable, Equatable, Decodable {
    /// The message GUID.
    package var guid: String?
    /// The sender's number (inbound events).
    package var from: String?
    /// The message text (inbound events).
    package var message: String?
    /// When the phone received the message (ISO 8601, as sent).
    package var receivedAt: String?
    /// The sender's contact name on the phone, if any.
    package var alias: String?
    /// Which connected phone reported the event.
    package var deviceID: String?

    /// Data with the given fields.
    package init(
        guid: String? = nil,
        from: String? = nil,
        message: String? = nil,
        receivedAt: String? = nil,
        alias: String? = nil,
        deviceID: String? = nil
    ) {
        self.guid = guid
        self.from = from
        self.message = message
        self.receivedAt = receivedAt
        self.alias = alias
        self.deviceID = deviceID
    }

    private enum CodingKeys: String, CodingKey {
        case guid, from, message, alias
        case receivedAt = "received_at"
        case deviceID = "device_id"
    }
}
