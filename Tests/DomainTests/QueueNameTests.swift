import Domain
import Testing

@Suite struct QueueNameTests {
    @Test func fixedQueuesHaveTheirStreamNames() {
        #expect(
            [QueueName.sms, .voice, .hunt, .scraping, .inbound, .events].map(\.rawValue)
                == ["sms", "voice", "hunt", "scraping", "inbound", "events"]
        )
    }

    @Test func eachWhatsAppWorkerHasItsOwnQueue() {
        #expect(QueueName.whatsAppWorker("worker-1").rawValue == "wa:worker-1")
        #expect(QueueName.whatsAppWorker("a") != QueueName.whatsAppWorker("b"))
    }

    @Test func channelsAndModesDecodeFromTheirNames() {
        #expect(Channel.allCases.map(\.rawValue) == ["whatsapp", "sms", "voice"])
        #expect(Channel(rawValue: "sms") == .sms)
        #expect(Channel(rawValue: "fax") == nil)
        #expect(ProviderMode(rawValue: "live") == .live)
    }
}
