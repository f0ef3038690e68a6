/// The `type` of an SMSMobileAPI Webhook V2 event (PROVIDERS.md §1.4, the OpenAPI enum).
package enum SMSMobileAPIEventType: String, Sendable, Equatable, CaseIterable {
    case smsAPISubmitted = "sms.api.submitted"
    case smsSent = "sms.sent"
    case smsFailed = "sms.failed"
    case smsReceived = "sms.received"
    case smsMobileSent = "sms.mobile.sent"
    case callMissed = "call.missed"
    case callIncoming = "call.incoming"
    case callOutgoing = "call.outgoing"
    case whatsAppSubmitted = "whatsapp.submitted"
    case whatsAppSent = "whatsapp.sent"
    case whatsAppFailed = "whatsapp.failed"
    case whatsAppReceived = "whatsapp.received"
    case whatsAppVoiceTranscribed = "whatsapp.voice.transcribed"
    case emailSent = "email.sent"
    case emailReceived = "email.received"
}
