import Testing

@testable import Cryptography

@Suite("Tamper detection")
struct TamperTests {
    static let plaintext = Array("token=abc123; refresh=def456".utf8)
    static let associatedData = Array("wa_sessions:7".utf8)

    private func sealed() throws -> (SealingKeyring, [UInt8]) {
        let ring = try keyring(["k1"])
        return (ring, try ring.seal(Self.plaintext, associatedData: Self.associatedData).bytes)
    }

    private func open(_ ring: SealingKeyring, _ data: [UInt8], associatedData: [UInt8] = associatedData) throws
        -> [UInt8]
    {
        try ring.open(SealedBox(bytes: data), associatedData: associatedData)
    }

    // Layout: version(0) idLength(1) "k1"(2-3) nonce(4-15) ciphertext(16-43) tag(44-59).

    @Test("A flipped nonce bit fails", arguments: [4, 10, 15])
    func nonce(index: Int) throws {
        let (ring, data) = try sealed()
        #expect(throws: CryptographyError.authenticationFailed) { try open(ring, flipping(data, byte: index)) }
    }

    @Test("A flipped ciphertext bit fails", arguments: [16, 30, 43])
    func ciphertext(index: Int) throws {
        let (ring, data) = try sealed()
        #expect(throws: CryptographyError.authenticationFailed) { try open(ring, flipping(data, byte: index, bit: 3)) }
    }

    @Test("A flipped tag bit fails", arguments: [44, 50, 59])
    func tag(index: Int) throws {
        let (ring, data) = try sealed()
        #expect(throws: CryptographyError.authenticationFailed) { try open(ring, flipping(data, byte: index, bit: 7)) }
    }

    @Test("Altered, missing or extended associated data fails")
    func associatedData() throws {
        let (ring, data) = try sealed()
        #expect(try open(ring, data) == Self.plaintext)
        #expect(throws: CryptographyError.authenticationFailed) {
            try open(ring, data, associatedData: flipping(Self.associatedData, byte: 0))
        }
        #expect(throws: CryptographyError.authenticationFailed) { try open(ring, data, associatedData: []) }
        #expect(throws: CryptographyError.authenticationFailed) {
            try open(ring, data, associatedData: Self.associatedData + [0])
        }
    }

    @Test("Truncated or extended data fails")
    func length() throws {
        let (ring, data) = try sealed()
        #expect(throws: CryptographyError.authenticationFailed) { try open(ring, Array(data.dropLast())) }
        #expect(throws: CryptographyError.authenticationFailed) { try open(ring, data + [0]) }
        #expect(throws: CryptographyError.malformedSealedBox("truncated data")) {
            try open(ring, Array(data.prefix(31)))
        }
    }

    /// The header is authenticated: relabelling a box with another id fails even when both ids hold
    /// the same key bytes.
    @Test("Swapping the key id fails even under identical key bytes")
    func keyIDSwap() throws {
        let key = repeated(7, 32)
        let ring = try SealingKeyring(
            current: "ka", keys: [SealingKey(id: "ka", bytes: key), SealingKey(id: "kb", bytes: key)])
        var data = try ring.seal(Self.plaintext, associatedData: Self.associatedData).bytes
        data[3] = UInt8(ascii: "b")
        #expect(try SealedBox(bytes: data).keyID == "kb")
        #expect(throws: CryptographyError.authenticationFailed) { try open(ring, data) }
    }

    @Test("A different key under the same id fails")
    func wrongKey() throws {
        let (_, data) = try sealed()
        let impostor = try SealingKeyring(current: "k1", keys: [SealingKey(id: "k1", bytes: repeated(1, 32))])
        #expect(throws: CryptographyError.authenticationFailed) { try open(impostor, data) }
    }

    @Test("A box from an unknown key id reports that id")
    func unknownKeyID() throws {
        let (_, data) = try sealed()
        let other = try keyring(["k9"])
        #expect(throws: CryptographyError.unknownKeyID("k1")) { try open(other, data) }
    }

    @Test("A tampered text form fails")
    func text() throws {
        let ring = try keyring(["k1"])
        let text = try ring.seal(Self.plaintext).text
        var characters = Array(text)
        // Change a character in the middle of the payload (every bit there is significant).
        let index = characters.count - 20
        characters[index] = characters[index] == "A" ? "B" : "A"
        #expect(throws: CryptographyError.authenticationFailed) { try ring.open(SealedBox(text: String(characters))) }
    }
}
