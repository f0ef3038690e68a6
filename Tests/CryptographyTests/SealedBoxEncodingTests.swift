import Testing

@testable import Cryptography

@Suite("Sealed box encoding")
struct SealedBoxEncodingTests {
    @Test("Malformed binary input is rejected with a clear error")
    func malformedBytes() throws {
        #expect(throws: CryptographyError.malformedSealedBox("empty input")) { try SealedBox(bytes: []) }
        #expect(throws: CryptographyError.malformedSealedBox("truncated header")) { try SealedBox(bytes: [1]) }
        #expect(throws: CryptographyError.unsupportedFormatVersion(2)) { try SealedBox(bytes: [2] + repeated(0, 40)) }
        #expect(throws: CryptographyError.malformedSealedBox("truncated data")) {
            try SealedBox(bytes: [1, 2] + Array("k1".utf8) + repeated(0, 27))
        }
        #expect(throws: CryptographyError.malformedSealedBox("invalid key id")) {
            try SealedBox(bytes: [1, 2] + Array("k.".utf8) + repeated(0, 28))
        }
        #expect(throws: CryptographyError.malformedSealedBox("invalid key id")) {
            try SealedBox(bytes: [1, 0] + repeated(0, 28))
        }
    }

    @Test("The smallest well-formed box (empty ciphertext) decodes")
    func minimalBox() throws {
        let box = try SealedBox(bytes: [1, 2] + Array("k1".utf8) + repeated(9, 12) + repeated(8, 16))
        #expect(box.keyID == "k1")
        #expect(box.nonce == repeated(9, 12))
        #expect(box.ciphertext.isEmpty)
        #expect(box.tag == repeated(8, 16))
    }

    @Test(
        "Malformed text input is rejected",
        arguments: [
            "", "v1", "v1.k1", "k1.AAAA", "x1.k1.AAAA", "v1.k1.AAAA.extra",
            "v1..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ]
    )
    func malformedText(text: String) {
        #expect(throws: CryptographyError.self) { try SealedBox(text: text) }
    }

    @Test("Text errors say what is wrong")
    func textErrors() {
        let payload = String(repeating: "A", count: 38)
        #expect(throws: CryptographyError.unsupportedFormatVersion(2)) { try SealedBox(text: "v2.k1.\(payload)") }
        #expect(throws: CryptographyError.malformedSealedBox("data is not base64url")) {
            try SealedBox(text: "v1.k1.\(payload.dropLast(2))+/")
        }
        #expect(throws: CryptographyError.malformedSealedBox("truncated data")) { try SealedBox(text: "v1.k1.AAAA") }
        #expect(throws: CryptographyError.malformedSealedBox("invalid key id")) {
            try SealedBox(text: "v1.k$.\(payload)")
        }
    }

    @Test("Parts are validated")
    func parts() {
        #expect(throws: CryptographyError.malformedSealedBox("nonce must be 12 bytes")) {
            try SealedBox(keyID: "k1", nonce: repeated(0, 11), ciphertext: [], tag: repeated(0, 16))
        }
        #expect(throws: CryptographyError.malformedSealedBox("tag must be 16 bytes")) {
            try SealedBox(keyID: "k1", nonce: repeated(0, 12), ciphertext: [], tag: repeated(0, 12))
        }
        #expect(throws: CryptographyError.invalidKeyID(entry: nil)) {
            try SealedBox(keyID: "", nonce: repeated(0, 12), ciphertext: [], tag: repeated(0, 16))
        }
    }
}
