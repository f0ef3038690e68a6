import Cryptography
import Testing

@Suite("Secure random")
struct SecureRandomTests {
    @Test("Byte counts are honoured", arguments: [0, 1, 12, 32, 4096])
    func counts(count: Int) throws {
        #expect(try SecureRandom.bytes(count: count).count == count)
    }

    @Test("A negative count is rejected")
    func negative() {
        #expect(throws: CryptographyError.invalidArgument("byte count must not be negative")) {
            try SecureRandom.bytes(count: -1)
        }
    }

    @Test("Output is not constant: 4096 bytes use most byte values")
    func spread() throws {
        let sample = try SecureRandom.bytes(count: 4096)
        // Expected distinct values for uniform bytes is about 256; a stuck or zeroed generator gives few.
        #expect(Set(sample).count > 200)
    }

    @Test("Base64url tokens have the right length and alphabet and do not repeat")
    func base64URLTokens() throws {
        let tokens = try (0..<1000).map { _ in try SecureRandom.base64URLToken() }
        #expect(Set(tokens).count == tokens.count)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy(alphabet.contains))
            #expect(Base64URL.decode(token)?.count == 32)
        }
        #expect(try SecureRandom.base64URLToken(byteCount: 16).count == 22)
        #expect(try SecureRandom.base64URLToken(byteCount: 0) == "")
    }

    @Test("Hex tokens have the right length and alphabet and do not repeat")
    func hexTokens() throws {
        let tokens = try (0..<1000).map { _ in try SecureRandom.hexToken(byteCount: 16) }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect(token.count == 32)
            #expect(token.allSatisfy { "0123456789abcdef".contains($0) })
        }
        #expect(try SecureRandom.hexToken().count == 64)
    }
}
