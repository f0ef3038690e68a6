import Cryptography
import Testing

/// FIPS 180-2 / NIST examples for SHA-256.
@Suite("SHA-256")
struct DigestTests {
    @Test("SHA-256 of \"abc\"")
    func abc() throws {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(try Digest.sha256Hex("abc") == expected)
        #expect(try Digest.sha256(Array("abc".utf8)) == bytes(expected))
    }

    @Test("SHA-256 of the empty message")
    func empty() throws {
        #expect(try Digest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("SHA-256 of the two-block NIST message")
    func twoBlocks() throws {
        #expect(
            try Digest.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    /// FIPS 180-2 long message: one million "a".
    @Test("SHA-256 of a million \"a\"")
    func millionA() throws {
        #expect(
            try Digest.sha256Hex(repeated(UInt8(ascii: "a"), 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }
}
