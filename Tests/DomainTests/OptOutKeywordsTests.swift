import Domain
import Testing

@Suite struct OptOutKeywordsTests {
    @Test(arguments: [
        "STOP", "stop", " Stop. ", "STOP SMS", "stop-sms", "Stop  sms!", "STOPSMS", "ARRÊT", "arret", "Arrêter",
        "désabonner", "DESINSCRIPTION", "Unsubscribe", "STOP ALL", "opt-out", "QUIT", "Stop pub",
    ])
    func wholeMessageKeywordsAreOptOuts(_ text: String) {
        #expect(OptOutKeywords.isOptOut(text))
    }

    @Test(arguments: [
        "", "Oui toujours dispo", "stop, je vous rappelle demain", "Arrêt de bus à côté", "STOPPED", "non merci",
        "please stop calling me at night",
    ])
    func otherMessagesAreNot(_ text: String) {
        #expect(!OptOutKeywords.isOptOut(text))
    }

    @Test func normalisingFoldsCaseAccentsPunctuationAndSpacing() {
        #expect(OptOutKeywords.normalised("  Arrêt,   SVP!! ") == "ARRET SVP")
        #expect(OptOutKeywords.normalised("é-è_à") == "E E A")
    }
}
