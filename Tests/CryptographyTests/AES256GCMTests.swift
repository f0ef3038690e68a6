import Testing

@testable import Cryptography

/// Known answers for the raw primitive: AES-256 test cases 13-16 of McGrew & Viega, "The Galois/Counter
/// Mode of Operation" (the vectors NIST's GCM validation reuses).
@Suite("AES-256-GCM primitive")
struct AES256GCMTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: String
        let nonce: String
        let plaintext: String
        let associatedData: String
        let ciphertext: String
        let tag: String
        var testDescription: String { name }
    }

    static let key15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
    static let plaintext15 =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
        + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
    static let ciphertext15 =
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
        + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"

    static let vectors: [Vector] = [
        Vector(
            name: "GCM test case 13 (empty plaintext)",
            key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
            plaintext: "", associatedData: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"
        ),
        Vector(
            name: "GCM test case 14 (one zero block)",
            key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
            plaintext: String(repeating: "00", count: 16), associatedData: "",
            ciphertext: "cea7403d4d606b6e074ec5d3baf39d18", tag: "d0d1c8a799996bf0265b98b5d48ab919"
        ),
        Vector(
            name: "GCM test case 15 (four blocks)",
            key: key15, nonce: "cafebabefacedbaddecaf888",
            plaintext: plaintext15, associatedData: "",
            ciphertext: ciphertext15, tag: "b094dac5d93471bdec1a502270e3cc6c"
        ),
        Vector(
            name: "GCM test case 16 (partial block, associated data)",
            key: key15, nonce: "cafebabefacedbaddecaf888",
            plaintext: String(plaintext15.prefix(120)), associatedData: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            ciphertext: String(ciphertext15.prefix(120)), tag: "76fc6ece0f4e1768cddf8853bb2d551b"
        ),
    ]

    @Test("Seal matches the known answer", arguments: vectors)
    func seal(vector: Vector) throws {
        let sealed = try AES256GCM.seal(
            bytes(vector.plaintext),
            key: bytes(vector.key),
            nonce: bytes(vector.nonce),
            associatedData: bytes(vector.associatedData)
        )
        #expect(Hex.encode(sealed.ciphertext) == vector.ciphertext)
        #expect(Hex.encode(sealed.tag) == vector.tag)
    }

    @Test("Open recovers the known plaintext", arguments: vectors)
    func open(vector: Vector) throws {
        let plaintext = try AES256GCM.open(
            bytes(vector.ciphertext),
            tag: bytes(vector.tag),
            key: bytes(vector.key),
            nonce: bytes(vector.nonce),
            associatedData: bytes(vector.associatedData)
        )
        #expect(Hex.encode(plaintext) == vector.plaintext)
    }

    @Test("Open rejects a flipped tag bit", arguments: vectors)
    func tamperedTag(vector: Vector) throws {
        #expect(throws: CryptographyError.authenticationFailed) {
            try AES256GCM.open(
                bytes(vector.ciphertext),
                tag: flipping(bytes(vector.tag), byte: 15, bit: 7),
                key: bytes(vector.key),
                nonce: bytes(vector.nonce),
                associatedData: bytes(vector.associatedData)
            )
        }
    }

    @Test("Wrong key or nonce sizes are rejected before OpenSSL sees them")
    func sizes() throws {
        #expect(throws: CryptographyError.invalidArgument("AES-256 keys are 32 bytes")) {
            try AES256GCM.seal([1], key: repeated(0, 16), nonce: repeated(0, 12), associatedData: [])
        }
        #expect(throws: CryptographyError.invalidArgument("AES-GCM nonces are 12 bytes")) {
            try AES256GCM.seal([1], key: repeated(0, 32), nonce: repeated(0, 16), associatedData: [])
        }
    }
}
