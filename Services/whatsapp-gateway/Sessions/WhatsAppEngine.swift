import Domain
import Foundation

/// What an engine reports about one session; the supervisor turns it into state, Redis keys and events.
enum EngineEvent: Sendable, Equatable {
    /// A QR ref to show, valid for `validFor` (the supervisor stores it with that TTL).
    case qr(String, validFor: Duration)
    /// The QR refs ran out before a scan.
    case qrExhausted
    /// Paired or resumed: online as `phone`, with the auth state to keep (sealed) for any worker to resume.
    case connected(phone: String, authState: [UInt8])
    /// The connection dropped for a reason that may pass; the stream ends and the supervisor reopens the
    /// session with backoff (``ReconnectBackoff``), resuming its auth state.
    case disconnected(reason: String)
    /// The phone unlinked this device (whatsmeow 401/403): auth state must be dropped, no retry.
    case loggedOut(reason: String)
    /// WhatsApp banned the number (whatsmeow 402/406): like ``loggedOut(reason:)`` (auth dropped, no retry,
    /// status `logged_out`) with a `lastError` that starts with `banned:` so that operators can tell.
    case banned(reason: String)
    /// A keep-alive answered: a sign of life for the watchdog, no state change.
    case alive
    /// A receipt for a message this session sent: `delivered` or `read`.
    case receipt(providerMessageID: String, read: Bool)
    /// A message a contact sent to this session's number.
    case inbound(InboundWhatsApp)
    /// The session cannot go on as configured (e.g. the Cloud API token expired): `failed`, no retry, auth
    /// state kept so that a restart after the fix resumes it.
    case failed(reason: String)
}

/// A message received by a session.
struct InboundWhatsApp: Sendable, Equatable, Codable {
    var from: String
    var text: String
    var providerMessageID: String
}

/// Whether an earlier, unrecorded attempt of a send reached the provider.
enum EngineLookupResult: Sendable, Equatable {
    /// It did, under this id: record it instead of sending again.
    case found(providerMessageID: String)
    /// It did not: sending again is safe.
    case notFound
    /// Not known yet (the provider reports it later, e.g. by webhook): ask again later.
    case pending
}

/// One outgoing WhatsApp message.
struct OutgoingWhatsApp: Sendable, Equatable {
    var to: String
    var text: String
    /// `{"type", "url", "caption"?, "filename"?}` as JSON text, for media, or `{"type": "template", "name",
    /// "language", "parameters"}` for a template (``OutgoingContent`` reads both).
    var media: String?
    /// The message's id, echoed back by providers that can (Cloud API `biz_opaque_callback_data`).
    var messageID: UUID?
}

/// What an engine answers to one send.
enum EngineSendResult: Sendable, Equatable {
    case sent(providerMessageID: String)
    /// Will not succeed as is (not on WhatsApp, re-engagement window closed, bad media): fail the message.
    case permanentFailure(code: String, reason: String)
    /// May pass later; `rateLimited` pauses the whole session (WhatsApp's anti-spam signal).
    case transientFailure(code: String, reason: String, retryAfter: Duration?, rateLimited: Bool)
}

/// One way of reaching WhatsApp (sandbox, Cloud API, Twilio), behind which sessions run the same way.
protocol WhatsAppEngine: Sendable {
    /// Opens the session, resuming `authState` when given, and reports what happens until the stream
    /// ends (stop, logout, or a final failure).
    func open(sessionID: UUID, authState: [UInt8]?) -> AsyncStream<EngineEvent>
    /// Closes the connection, keeping the auth state.
    func close(sessionID: UUID) async
    /// Unlinks the device.
    func logout(sessionID: UUID) async
    /// Sandbox only: the phone scans the current QR. False when the engine has no such thing.
    func scan(sessionID: UUID) async -> Bool
    /// Links with `phoneNumber` (international, digits only) instead of a QR while the session waits for a
    /// scan: the code the phone must enter (`XXXX-XXXX`) and how long it is valid; nil when the session is not
    /// waiting for pairing or the engine cannot link by code.
    func pairingCode(sessionID: UUID, phoneNumber: String) async -> (code: String, validFor: Duration)?
    /// Sends through the open session; receipts come later on its event stream.
    func send(sessionID: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult
    /// After a crash between a send and its record: did the attempt started at `since` reach the provider?
    func lookup(sessionID: UUID, _ message: OutgoingWhatsApp, since: Date, messageID: UUID) async
        -> EngineLookupResult
}

extension WhatsAppEngine {
    /// Engines that only pair by QR (or not at all) have no code to give.
    func pairingCode(sessionID: UUID, phoneNumber: String) async -> (code: String, validFor: Duration)? { nil }

    /// Engines whose provider cannot be asked answer `notFound`: the message is sent again.
    func lookup(sessionID: UUID, _ message: OutgoingWhatsApp, since: Date, messageID: UUID) async
        -> EngineLookupResult
    { .notFound }
}
