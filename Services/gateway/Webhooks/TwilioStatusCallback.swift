/// A Twilio message status callback (PROVIDERS.md §3.3): one form-encoded POST per status change, possibly
/// out of order. Parse it only after ``TwilioSignature`` has verified it;
/// ``verified(body:url:signatureHeader:authToken:)`` does both.
package struct TwilioStatusCallback: Sendable, Equatable {
    /// The message's id (`MessageSid`, else the legacy `SmsSid`), as returned by the send call.
    package var messageSID: String
    /// The new status (`MessageStatus`, else the legacy `SmsStatus`).
    package var status: TwilioMessageStatus
    /// Twilio's error code (`ErrorCode`), sent with `failed` and `undelivered`, such as 30003 (unreachable).
    package var errorCode: Int?
    /// The account that sent the message (`AccountSid`).
    package var accountSID: String?
    /// The recipient (`To`), `whatsapp:`-prefixed for WhatsApp.
    package var to: String?
    /// The sender (`From`), `whatsapp:`-prefixed for WhatsApp.
    package var from: String?
    /// The Messaging Service used, if any (`MessagingServiceSid`).
    package var messagingServiceSID: String?
    /// The channel for non-SMS messages (`ChannelPrefix`, such as `whatsapp`).
    package var channelPrefix: String?
    /// The carrier's delivery-receipt time as Twilio passes it through (`RawDlrDoneDate`, `YYMMDDhhmm`).
    package var rawDeliveryReceiptDoneDate: String?
}
