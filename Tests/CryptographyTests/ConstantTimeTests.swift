import Cryptography
import Testing

@Suite("Constant-time comparison")
struct ConstantTimeTests {
    @Test("Equal bytes compare equal")
    func equal() {
        #expect(ConstantTime.isEqual([], []))
        #expect(ConstantTime.isEqual([1, 2, 3], [1, 2, 3]))
        let long = [UInt8](repeating: 0xab, count: 10_000)
        #expect(ConstantTime.isEqual(long, long))
    }

    @Test("A difference at any position is found", arguments: [0, 1, 15, 31])
    func differenceAnywhere(position: Int) {
        let base = [UInt8](0..<32)
        var other = base
        other[position] ^= 0x80
        #expect(!ConstantTime.isEqual(base, other))
    }

    @Test("Different lengths are unequal, including prefixes and the empty input")
    func lengths() {
        #expect(!ConstantTime.isEqual([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.isEqual([1, 2], [1, 2, 3]))
        #expect(!ConstantTime.isEqual([], [0]))
        #expect(!ConstantTime.isEqual([0], []))
    }

    @Test("Strings compare by exact UTF-8 bytes")
    func strings() {
        #expect(ConstantTime.isEqual("worker-token", "worker-token"))
        #expect(!ConstantTime.isEqual("worker-token", "worker-tokeN"))
        #expect(!ConstantTime.isEqual("worker-token", "worker-token "))
        #expect(ConstantTime.isEqual("", ""))
        #expect(!ConstantTime.isEqual("", "a"))
        // Precomposed and decomposed "é" are equal Swift Strings but different secrets.
        #expect("\u{e9}" == "e\u{301}")
        #expect(!ConstantTime.isEqual("\u{e9}", "e\u{301}"))
    }

    @Test("Verifying an HMAC signature")
    func signature() throws {
        let expected = try HMAC.sha256Hex("body", key: "whsec")
        #expect(ConstantTime.isEqual(expected, try HMAC.sha256Hex("body", key: "whsec")))
        #expect(!ConstantTime.isEqual(expected, try HMAC.sha256Hex("body!", key: "whsec")))
    }
}
