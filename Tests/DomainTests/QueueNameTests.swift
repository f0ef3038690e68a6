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

    @Test func knownQueueNamesValidate() {
        for name in ["sms", "voice", "hunt", "scraping", "inbound", "events"] {
            #expect(QueueName(validating: name)?.rawValue == name)
        }
        #expect(QueueName.fixed == [.sms, .voice, .hunt, .scraping, .inbound, .events])
        let worker = QueueName(validating: "wa:worker_1.eu-west")
        #expect(worker == .whatsAppWorker("worker_1.eu-west"))
        #expect(worker?.workerID?.rawValue == "worker_1.eu-west")
        #expect(QueueName.sms.workerID == nil)
    }

    @Test(arguments: [
        "", "SMS", "sms ", "mail", "wa:", "wa", "wa:bad{id}", "wa:a b", "wa:a:b", "wa:é",
        "wa:" + String(repeating: "x", count: 65),
    ])
    func unknownQueueNamesDoNotValidate(name: String) {
        #expect(QueueName(validating: name) == nil)
    }

    @Test func workerIDsFollowTheirRule() {
        #expect(WorkerID(rawValue: "worker-1")?.description == "worker-1")
        #expect(WorkerID(rawValue: String(repeating: "a", count: 64)) != nil)
        for invalid in ["", String(repeating: "a", count: 65), "a/b", "a}", "a b", "wörker", "a:b"] {
            #expect(WorkerID(rawValue: invalid) == nil)
            #expect(!WorkerID.isValid(invalid))
        }
    }

    @Test func channelsAndModesDecodeFromTheirNames() {
        #expect(Channel.allCases.map(\.rawValue) == ["whatsapp", "sms", "voice"])
        #expect(Channel(rawValue: "sms") == .sms)
        #expect(Channel(rawValue: "fax") == nil)
        #expect(ProviderMode(rawValue: "live") == .live)
    }
}
