import Testing

@testable import Cryptography

@Suite("Key rotation")
struct KeyRotationTests {
    static let k1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let k2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
    static let message = Array("whatsapp auth state".utf8)
    static let binding = Array("wa_sessions:s-1".utf8)

    @Test("Data sealed with k1 opens after rotating to k2 and needs resealing")
    func rotate() throws {
        let before = try SealingKeyring(configuration: "k1:\(Self.k1)", current: "k1")
        let oldBox = try before.seal(Self.message, associatedData: Self.binding)
        #expect(!before.needsResealing(oldBox))

        let after = try SealingKeyring(configuration: "k2:\(Self.k2),k1:\(Self.k1)", current: "k2")
        #expect(after.currentKeyID == "k2")
        #expect(try after.open(SealedBox(text: oldBox.text), associatedData: Self.binding) == Self.message)
        #expect(after.needsResealing(oldBox))

        let newBox = try after.seal(Self.message, associatedData: Self.binding)
        #expect(newBox.keyID == "k2")
        #expect(!after.needsResealing(newBox))
        // The old ring cannot read data sealed with the key it never had.
        #expect(throws: CryptographyError.unknownKeyID("k2")) { try before.open(newBox, associatedData: Self.binding) }
    }

    @Test("Resealing moves data to the current key, after which the old key can be retired")
    func reseal() throws {
        let both = try SealingKeyring(configuration: "k2:\(Self.k2),k1:\(Self.k1)", current: "k1")
        let oldBox = try both.seal(Self.message, associatedData: Self.binding)
        #expect(oldBox.keyID == "k1")

        let rotated = try SealingKeyring(configuration: "k2:\(Self.k2),k1:\(Self.k1)", current: "k2")
        let resealed = try rotated.reseal(oldBox, associatedData: Self.binding)
        #expect(resealed.keyID == "k2")
        #expect(!rotated.needsResealing(resealed))

        let retired = try SealingKeyring(configuration: "k2:\(Self.k2)", current: "k2")
        #expect(try retired.open(resealed, associatedData: Self.binding) == Self.message)
        #expect(throws: CryptographyError.unknownKeyID("k1")) { try retired.open(oldBox, associatedData: Self.binding) }
    }

    @Test("Resealing checks the associated data")
    func resealChecksBinding() throws {
        let ring = try keyring(["k1", "k2"], current: "k2")
        let box = try keyring(["k1", "k2"], current: "k1").seal(Self.message, associatedData: Self.binding)
        #expect(throws: CryptographyError.authenticationFailed) { try ring.reseal(box, associatedData: []) }
    }

    @Test("The configured keys are the ones used: the same ids with other bytes cannot open")
    func keysMatter() throws {
        let box = try SealingKeyring(configuration: "k1:\(Self.k1)", current: "k1").seal(Self.message)
        let swapped = try SealingKeyring(configuration: "k1:\(Self.k2)", current: "k1")
        #expect(throws: CryptographyError.authenticationFailed) { try swapped.open(box) }
    }
}
