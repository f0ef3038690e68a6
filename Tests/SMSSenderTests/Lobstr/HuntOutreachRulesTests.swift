import Foundation
import HuntStore
import Testing

/// The pure rules of hunt outreach: how a step's A/B variants split ads, and a new WhatsApp number's ramp-up.
@Suite struct HuntOutreachRulesTests {
    @Test func anAdAlwaysGetsTheSameVariantAndAdsSpreadEvenlyOverThem() {
        let step = HuntStep(
            channels: ["sms"], templates: ["sms": "a"], variants: [["sms": "b"], ["sms": "c"]])
        let ads = (0..<3_000).map { _ in UUID() }
        var counts = [0, 0, 0]
        for ad in ads {
            let variant = step.variant(of: ad)
            #expect(step.variant(of: ad) == variant)
            counts[variant] += 1
        }
        // Binomial(3000, 1/3): a share outside 800…1200 is more than 10 standard deviations away.
        #expect(counts.allSatisfy { (800...1200).contains($0) }, "\(counts)")
        #expect(HuntStep(channels: ["sms"], templates: ["sms": "a"]).variant(of: ads[0]) == 0)
    }

    @Test func aNewWhatsAppNumberRampsUpToItsCap() {
        var limits = OutreachLimits()
        #expect(limits.whatsappCap(ageInDays: 3) == nil)
        limits.whatsappPerSession = 50
        #expect(limits.whatsappCap(ageInDays: 0) == 50)
        limits.whatsappRampUp = .init(start: 10, perDay: 15)
        #expect((0...4).map { limits.whatsappCap(ageInDays: $0) } == [10, 25, 40, 50, 50])
        limits.whatsappPerSession = nil
        #expect(limits.whatsappCap(ageInDays: 4) == 70)
    }
}
