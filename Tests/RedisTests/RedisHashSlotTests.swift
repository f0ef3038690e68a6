import Redis
import Testing

/// Slots as the Redis Cluster specification computes them, hash tags included.
@Suite struct RedisHashSlotTests {
    @Test("CRC16 of the specification's check value, and keys without a tag")
    func checkValue() {
        // The specification: CRC16 of "123456789" is 0x31C3.
        #expect(RedisHashSlot.slot(of: "123456789") == 0x31C3)
        #expect(RedisHashSlot.slot(of: "foo") == 12_182)
    }

    @Test("the specification's hash tag examples")
    func hashTags() {
        #expect(RedisHashSlot.slot(of: "{user1000}.following") == RedisHashSlot.slot(of: "{user1000}.followers"))
        // An empty first tag: the whole key is hashed, not "bar".
        #expect(RedisHashSlot.slot(of: "foo{}{bar}") != RedisHashSlot.slot(of: "bar"))
        #expect(RedisHashSlot.slot(of: "foo{{bar}}zap") == RedisHashSlot.slot(of: "{bar"))
        #expect(RedisHashSlot.slot(of: "foo{bar}{zap}") == RedisHashSlot.slot(of: "bar"))
    }

    @Test("one queue's keys share a slot")
    func queueKeys() {
        let slot = RedisHashSlot.slot(of: "ap:{q:sms}")
        for key in ["ap:{q:sms}:delayed", "ap:{q:sms}:dead", "ap:{q:sms}:counters", "ap:{q:sms}:job:42"] {
            #expect(RedisHashSlot.slot(of: key) == slot)
        }
    }
}
