import Testing

@testable import Gateway

@Suite("X-Twilio-Signature")
struct TwilioSignatureTests {
    static let token = "12345"
    static let documentedURL = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let documentedParameters = FormParameters([
        .init(name: "CallSid", value: "CA1234567890ABCDE"), .init(name: "Caller", value: "+12349013030"),
        .init(name: "Digits", value: "1234"), .init(name: "From", value: "+12349013030"),
        .init(name: "To", value: "+18005551212"),
    ])
    static let documentedSignature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="

    @Test("Twilio's documented example (PROVIDERS.md §3.5), fields in any order")
    func documentedExample() {
        let computed = TwilioSignature.compute(
            url: Self.documentedURL, parameters: Self.documentedParameters, authToken: Self.token)
        #expect(computed == Self.documentedSignature)
        let shuffled = FormParameters(Self.documentedParameters.fields.reversed())
        #expect(
            TwilioSignature.compute(url: Self.documentedURL, parameters: shuffled, authToken: Self.token) == computed)
        #expect(
            TwilioSignature.isValid(
                Self.documentedSignature, url: Self.documentedURL, parameters: Self.documentedParameters,
                authToken: Self.token))
    }

    @Test("status callback vector (PROVIDERS.md §3.5)")
    func statusCallbackVector() throws {
        let body =
            "AccountSid=ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX&ApiVersion=2010-04-01&From=%2B15017122661"
            + "&MessageSid=SM1342fe1b2c904d1ab04f0fc7a58abca9&MessageStatus=delivered"
            + "&SmsSid=SM1342fe1b2c904d1ab04f0fc7a58abca9&SmsStatus=delivered&To=%2B33612345678"
        let form = try FormParameters(urlEncoded: body)
        #expect(
            TwilioSignature.compute(
                url: "https://example.com/webhooks/twilio/status", parameters: form, authToken: "12345")
                == "+SMqvgb1jEar/Cr/pZXy0mdCG7U=")
    }

    /// Expected values computed with Python's hmac/hashlib following the documented rules (names by byte
    /// order, so uppercase before `_` before lowercase; repeated names once per distinct value, sorted).
    @Test("name ordering by bytes and repeated names")
    func orderingAndRepeats() {
        let ordering = FormParameters([
            .init(name: "a", value: "1"), .init(name: "B", value: "2"), .init(name: "_", value: "3"),
        ])
        #expect(
            TwilioSignature.compute(url: "https://example.com/in", parameters: ordering, authToken: Self.token)
                == "WydlhH9iLaXo7r/zYQuL8/CqW9A=")
        let repeated = FormParameters([
            .init(name: "MediaUrl", value: "https://b.example/2"), .init(name: "Body", value: "hi"),
            .init(name: "MediaUrl", value: "https://a.example/1"),
            .init(name: "MediaUrl", value: "https://b.example/2"),
        ])
        #expect(
            TwilioSignature.compute(url: "https://example.com/in", parameters: repeated, authToken: Self.token)
                == "WiWN/AHM/6WnWNqBtlPFlpa9738=")
    }

    @Test("a changed field, extra field, URL or token is rejected")
    func tamperingRejected() {
        var changed = Self.documentedParameters
        changed.fields[2].value = "1235"
        var extra = Self.documentedParameters
        extra.fields.append(.init(name: "Extra", value: ""))
        var dropped = Self.documentedParameters
        dropped.fields.removeLast()
        for parameters in [changed, extra, dropped] {
            #expect(
                !TwilioSignature.isValid(
                    Self.documentedSignature, url: Self.documentedURL, parameters: parameters, authToken: Self.token))
        }
        for url in [
            "https://mycompany.com/myapp.php?foo=1&bar=3", "http://mycompany.com/myapp.php?foo=1&bar=2",
            "https://mycompany.com/myapp.php",
        ] {
            #expect(
                !TwilioSignature.isValid(
                    Self.documentedSignature, url: url, parameters: Self.documentedParameters, authToken: Self.token))
        }
        #expect(
            !TwilioSignature.isValid(
                Self.documentedSignature, url: Self.documentedURL, parameters: Self.documentedParameters,
                authToken: "12346"))
        #expect(
            !TwilioSignature.isValid(
                "0/KCTR6DLpKmkAf8muzZqo1nDgQ", url: Self.documentedURL, parameters: Self.documentedParameters,
                authToken: Self.token))
    }

    @Test("missing or empty header is 401, a mismatch 403, an empty token never verifies")
    func verifyErrors() throws {
        let verify = { (header: String?, token: String) throws(WebhookError) in
            try TwilioSignature.verify(
                header: header, url: Self.documentedURL, parameters: Self.documentedParameters, authToken: token)
        }
        #expect(throws: WebhookError.missingSignature(header: "X-Twilio-Signature")) { try verify(nil, Self.token) }
        #expect(throws: WebhookError.missingSignature(header: "X-Twilio-Signature")) { try verify("", Self.token) }
        #expect(WebhookError.missingSignature(header: "X-Twilio-Signature").httpStatus == 401)
        #expect(throws: WebhookError.invalidSignature) { try verify("AAAAAAAAAAAAAAAAAAAAAAAAAAA=", Self.token) }
        #expect(WebhookError.invalidSignature.httpStatus == 403)
        try verify(Self.documentedSignature, Self.token)
        let emptyKeySignature = TwilioSignature.compute(
            url: Self.documentedURL, parameters: Self.documentedParameters, authToken: "")
        #expect(throws: WebhookError.invalidSignature) { try verify(emptyKeySignature, "") }
    }

    @Test("the default port may be present on one side and absent on the other")
    func defaultPortVariants() {
        let withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
        let signedWithPort = TwilioSignature.compute(
            url: withPort, parameters: Self.documentedParameters, authToken: Self.token)
        #expect(signedWithPort != Self.documentedSignature)
        #expect(
            TwilioSignature.isValid(
                signedWithPort, url: Self.documentedURL, parameters: Self.documentedParameters, authToken: Self.token))
        #expect(
            TwilioSignature.isValid(
                Self.documentedSignature, url: withPort, parameters: Self.documentedParameters, authToken: Self.token))
        #expect(
            !TwilioSignature.isValid(
                Self.documentedSignature, url: "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
                parameters: Self.documentedParameters, authToken: Self.token))
    }

    @Test("URL variants keep credentials, IPv6 hosts and non-default ports intact")
    func urlVariants() {
        #expect(
            TwilioSignature.urlVariants("http://example.com/a?b=1")
                == ["http://example.com/a?b=1", "http://example.com:80/a?b=1"])
        #expect(
            TwilioSignature.urlVariants("https://example.com:443") == [
                "https://example.com:443", "https://example.com",
            ])
        #expect(
            TwilioSignature.urlVariants("https://user:pw@example.com/x")
                == ["https://user:pw@example.com/x", "https://user:pw@example.com:443/x"])
        #expect(TwilioSignature.urlVariants("https://[::1]/x") == ["https://[::1]/x", "https://[::1]:443/x"])
        #expect(TwilioSignature.urlVariants("https://example.com:8443/x") == ["https://example.com:8443/x"])
        #expect(TwilioSignature.urlVariants("ftp://example.com/x") == ["ftp://example.com/x"])
    }
}
