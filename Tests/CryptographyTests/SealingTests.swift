import Testing

@testable import Cryptography

@Suite("Sealing")
struct SealingTests {
    static let plaintext = Array("sealed credential".utf8)
    static let associatedData = Array("channel_credentials:42".utf8)

    /// The v1 format frozen by an independent implementation (Python `cryptography`'s AESGCM): key
    /// 00..1f as `k1`, nonce a0..ab, GCM associated data = header 01 02 "k1" + caller's data. Data
    /// already stored must keep opening, so this must never change.
    static let knownBytes =
        "01026b31a0a1a2a3a4a5a6a7a8a9aaab957d1d4120af22dc1000e3b6690ea9bf1c3f2a49d229cf390340988e6d1b55cd3f"
    static let knownText = "v1.k1.oKGio6SlpqeoqaqrlX0dQSCvItwQAOO2aQ6pvxw_KknSKc85A0CYjm0bVc0_"

    @Test("Sealing with a fixed nonce gives the known v1 box")
    func knownAnswer() throws {
        let box = try keyring(["k1"]).seal(
            Self.plaintext, associatedData: Self.associatedData, nonce: bytes("a0a1a2a3a4a5a6a7a8a9aaab"))
        #expect(Hex.encode(box.bytes) == Self.knownBytes)
        #expect(box.text == Self.knownText)
    }

    @Test("A known v1 box opens from both forms")
    func knownBoxOpens() throws {
        let ring = try keyring(["k1"])
        #expect(
            try ring.open(SealedBox(bytes: bytes(Self.knownBytes)), associatedData: Self.associatedData)
                == Self.plaintext)
        #expect(try ring.open(SealedBox(text: Self.knownText), associatedData: Self.associatedData) == Self.plaintext)
    }

    @Test("Round trips through bytes and text", arguments: [0, 1, 15, 16, 17, 1000, 100_000])
    func roundTrip(size: Int) throws {
        let ring = try keyring(["k1"])
        let message = try SecureRandom.bytes(count: size)
        let box = try ring.seal(message, associatedData: Self.associatedData)
        #expect(box.keyID == "k1")
        #expect(box.nonce.count == 12)
        #expect(box.tag.count == 16)
        #expect(box.ciphertext.count == size)
        #expect(box.bytes.count == 2 + 2 + 12 + size + 16)
        #expect(try SealedBox(bytes: box.bytes) == box)
        #expect(try SealedBox(text: box.text) == box)
        #expect(box.text.hasPrefix("v1.k1."))
        #expect(try ring.open(SealedBox(bytes: box.bytes), associatedData: Self.associatedData) == message)
        #expect(try ring.open(SealedBox(text: box.text), associatedData: Self.associatedData) == message)
    }

    @Test("No associated data round trips; associated data is then required to be empty")
    func withoutAssociatedData() throws {
        let ring = try keyring(["k1"])
        let box = try ring.seal(Self.plaintext)
        #expect(try ring.open(box) == Self.plaintext)
        #expect(throws: CryptographyError.authenticationFailed) { try ring.open(box, associatedData: [0]) }
    }

    @Test("Each seal uses a fresh nonce")
    func freshNonces() throws {
        let ring = try keyring(["k1"])
        let boxes = try (0..<200).map { _ in try ring.seal(Self.plaintext) }
        #expect(Set(boxes.map(\.nonce)).count == boxes.count)
        #expect(Set(boxes.map(\.ciphertext)).count == boxes.count)
    }

    @Test("Concurrent sealing and opening from tasks")
    func concurrent() async throws {
        let ring = try keyring(["k1", "k2"])
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    let aad = Array("row:\(index)".utf8)
                    return try ring.open(ring.seal(message, associatedData: aad), associatedData: aad) == message
                }
            }
            for try await matched in group {
                #expect(matched)
            }
        }
    }

    @Test("Plaintext does not appear in the sealed forms or descriptions")
    func noPlaintextLeak() throws {
        let secret = Array("a very recognisable secret value".utf8)
        let box = try keyring(["k1"]).seal(secret)
        #expect(!box.bytes.contains(subsequence: secret))
        #expect(!box.text.contains("recognisable"))
        #expect(!String(describing: box).contains("recognisable"))
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
