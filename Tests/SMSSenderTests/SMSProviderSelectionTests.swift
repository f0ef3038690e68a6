import Domain
import Testing

@testable import SMSSender

@Suite("SMS provider selection")
struct SMSProviderSelectionTests {
    let smsMobileAPI = SMSMobileAPIConfiguration(apiKey: "key")
    let twilio = TwilioConfiguration(accountSID: "AC1", authToken: "token", defaultOrigin: .number("+15017122661"))

    @Test("with no mode set, configured credentials win over the sandbox")
    func credentialsWinByDefault() {
        #expect(SMSProviderSelection.select(mode: nil, smsMobileAPI: smsMobileAPI, twilio: nil)?.name == "smsmobileapi")
        #expect(SMSProviderSelection.select(mode: nil, smsMobileAPI: nil, twilio: twilio)?.name == "twilio")
        #expect(
            SMSProviderSelection.select(mode: nil, smsMobileAPI: smsMobileAPI, twilio: twilio)?.name == "smsmobileapi")
        #expect(SMSProviderSelection.select(mode: nil, smsMobileAPI: nil, twilio: nil)?.name == "sandbox")
    }

    @Test("an explicit sandbox mode gets the sandbox even with credentials")
    func explicitSandbox() {
        #expect(
            SMSProviderSelection.select(mode: .sandbox, smsMobileAPI: smsMobileAPI, twilio: twilio)?.name == "sandbox")
    }

    @Test("live mode needs credentials")
    func liveNeedsCredentials() {
        #expect(SMSProviderSelection.select(mode: .live, smsMobileAPI: nil, twilio: nil) == nil)
        #expect(SMSProviderSelection.select(mode: .live, smsMobileAPI: nil, twilio: twilio)?.name == "twilio")
    }

    @Test("builds the provider it names")
    func buildsProvider() {
        let client = makeClient()
        defer { client.shutdown() }
        for selection in [SMSProviderSelection.sandbox, .smsMobileAPI(smsMobileAPI), .twilio(twilio)] {
            #expect(selection.makeProvider(client: client).name == selection.name)
        }
    }
}
