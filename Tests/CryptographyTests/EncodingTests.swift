import Cryptography
import Foundation
import Testing

@Suite("Hex and base64url")
struct EncodingTests {
    @Test("Hex encodes lowercase and decodes either case")
    func hex() {
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(Hex.decode("000FA5ff") == [0x00, 0x0f, 0xa5, 0xff])
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("0g") == nil)
    }

    /// RFC 4648 section 10 vectors, in the URL alphabet without padding.
    @Test("Base64url matches RFC 4648 vectors")
    func base64URLVectors() {
        let vectors = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test("Base64url rejects the standard alphabet, padding and impossible lengths")
    func base64URLRejects() {
        #expect(Base64URL.decode("+/+/") == nil)
        #expect(Base64URL.decode("Zg==") == nil)
        #expect(Base64URL.decode("Zm9vY") == nil)
        #expect(Base64URL.decode("Zm 9v") == nil)
    }

    @Test("Base64url agrees with Foundation on random data")
    func base64URLRandom() throws {
        for count in 0..<64 {
            let data = try SecureRandom.bytes(count: count)
            let foundation = Data(data).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(data) == foundation)
            #expect(Base64URL.decode(foundation) == data)
        }
    }
}
