import Foundation
import Redis
import Testing

@testable import WhatsAppGateway

/// The pacing script touches a session's keys together: on Redis Cluster they must live in one slot.
@Suite struct SendPacingKeyTests {
    @Test("a session's pacing keys share one hash slot")
    func pacingKeysShareASlot() throws {
        let redis = try RedisConfiguration(url: "redis://127.0.0.1:1/0").makeSharedClient()
        let keys = SendPacing(redis: redis, prefix: "ap:").keys(for: UUID())
        let slot = RedisHashSlot.slot(of: keys.next)
        #expect(RedisHashSlot.slot(of: keys.paused) == slot)
        #expect(RedisHashSlot.slot(of: keys.day("2026-12-02")) == slot)
    }
}
