/// Where an SMS is sent from, in the terms each provider understands.
package enum SMSOrigin: Sendable, Hashable {
    /// Twilio `From`: an E.164 number or an alphanumeric sender id.
    case number(String)
    /// Twilio `MessagingServiceSid` (`MG…`): Twilio picks the sender from the service's pool.
    case messagingService(sid: String)
    /// SMSMobileAPI `sIdentifiant`: which of the account's connected phones sends.
    case device(id: String)
}
