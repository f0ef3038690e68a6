extension TwilioStatusCallback {
    /// Reads the callback's fields. Throws ``WebhookError/missingField(_:)`` without a message id or
    /// status, and ``WebhookError/invalidField(_:)`` for an unknown status or a non-numeric `ErrorCode`.
    package init(form: FormParameters) throws(WebhookError) {
        guard let messageSID = form.nonEmpty("MessageSid") ?? form.nonEmpty("SmsSid") else {
            throw .missingField("MessageSid")
        }
        guard let statusText = form.nonEmpty("MessageStatus") ?? form.nonEmpty("SmsStatus") else {
            throw .missingField("MessageStatus")
        }
        guard let status = TwilioMessageStatus(rawValue: statusText) else { throw .invalidField("MessageStatus") }
        self.messageSID = messageSID
        self.status = status
        if let code = form.nonEmpty("ErrorCode") {
            guard let number = Int(code) else { throw .invalidField("ErrorCode") }
            errorCode = number
        }
        accountSID = form.nonEmpty("AccountSid")
        to = form.nonEmpty("To")
        from = form.nonEmpty("From")
        messagingServiceSID = form.nonEmpty("MessagingServiceSid")
        channelPrefix = form.nonEmpty("ChannelPrefix")
        rawDeliveryReceiptDoneDate = form.nonEmpty("RawDlrDoneDate")
    }
}
