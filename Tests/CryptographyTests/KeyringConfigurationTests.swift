import Testing

@testable import Cryptography

@Suite("Keyring configuration")
struct KeyringConfigurationTests {
    static let k1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let k2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
    /// 16 bytes: valid base64, wrong length.
    static let short = "AAECAwQFBgcICQoLDA0ODw=="

    @Test("Parses ids, keys and the current id")
    func parses() throws {
        let ring = try SealingKeyring(configuration: " k2:\(Self.k2) , k1 : \(Self.k1) ,", current: "k1")
        #expect(ring.currentKeyID == "k1")
        #expect(ring.keyIDs == ["k1", "k2"])
        #expect(ring.currentKey.bytes == Array(0..<32))
        #expect(ring.key(id: "k2")?.bytes == Array(32..<64))
        #expect(ring.key(id: "k3") == nil)
    }

    @Test("Each mistake gets its own error")
    func errors() {
        #expect(throws: CryptographyError.emptyKeyring) { try SealingKeyring(configuration: "", current: "k1") }
        #expect(throws: CryptographyError.malformedKeyringEntry(entry: 2)) {
            try SealingKeyring(configuration: "k1:\(Self.k1),\(Self.k2)", current: "k1")
        }
        #expect(throws: CryptographyError.malformedKeyringEntry(entry: 2)) {
            try SealingKeyring(configuration: "k1:\(Self.k1),,k2:\(Self.k2)", current: "k1")
        }
        #expect(throws: CryptographyError.invalidKeyID(entry: 1)) {
            try SealingKeyring(configuration: "k.1:\(Self.k1)", current: "k.1")
        }
        #expect(throws: CryptographyError.invalidKeyID(entry: 1)) {
            try SealingKeyring(configuration: ":\(Self.k1)", current: "k1")
        }
        #expect(throws: CryptographyError.invalidKeyEncoding(keyID: "k1")) {
            try SealingKeyring(configuration: "k1:not base64!", current: "k1")
        }
        #expect(throws: CryptographyError.invalidKeyEncoding(keyID: "k1")) {
            try SealingKeyring(configuration: "k1:", current: "k1")
        }
        #expect(throws: CryptographyError.invalidKeyLength(keyID: "k1", byteCount: 16)) {
            try SealingKeyring(configuration: "k1:\(Self.short)", current: "k1")
        }
        #expect(throws: CryptographyError.duplicateKeyID("k1")) {
            try SealingKeyring(configuration: "k1:\(Self.k1),k1:\(Self.k2)", current: "k1")
        }
        #expect(throws: CryptographyError.unknownCurrentKeyID("k3")) {
            try SealingKeyring(configuration: "k1:\(Self.k1),k2:\(Self.k2)", current: "k3")
        }
    }

    @Test("Key ids are restricted to a safe alphabet and length")
    func keyIDs() {
        #expect(SealingKey.isValidID("k1"))
        #expect(SealingKey.isValidID("2025-06_main"))
        #expect(SealingKey.isValidID(String(repeating: "a", count: 64)))
        #expect(!SealingKey.isValidID(String(repeating: "a", count: 65)))
        #expect(!SealingKey.isValidID(""))
        for bad in ["k 1", "k.1", "k:1", "k,1", "ké", "k/1", "k+1", "k=1"] {
            #expect(!SealingKey.isValidID(bad), "\(bad) should be rejected")
        }
        #expect(throws: CryptographyError.invalidKeyLength(keyID: "k1", byteCount: 31)) {
            try SealingKey(id: "k1", bytes: repeated(0, 31))
        }
    }

    /// Key material must never reach logs through an error or a description.
    @Test("Errors and descriptions never contain key material")
    func noKeyMaterial() throws {
        let fragments = [Self.k1, Self.k2, Self.short].map { String($0.prefix(12)) }
        let badConfigurations = [
            "k1:\(Self.short)",
            "\(Self.k1)",
            "k1:\(Self.k1),\(Self.k2)",
            "k1:\(Self.k1)x",
            "\(Self.k1.prefix(10)):\(Self.k2)",
            "k1:\(Self.k1),k1:\(Self.k2)",
        ]
        for configuration in badConfigurations {
            let error = try #require(throws: CryptographyError.self) {
                try SealingKeyring(configuration: configuration, current: "k1")
            }
            for fragment in fragments {
                #expect(!error.description.contains(fragment), "error text leaks key material: \(error)")
            }
        }
        let ring = try SealingKeyring(configuration: "k1:\(Self.k1),k2:\(Self.k2)", current: "k2")
        for text in [
            String(describing: ring), String(describing: ring.currentKey), String(reflecting: ring.currentKey),
        ] {
            for fragment in fragments {
                #expect(!text.contains(fragment))
            }
            #expect(!text.contains("32, 33, 34"))
        }
    }

    @Test("Error descriptions are readable")
    func descriptions() {
        #expect(
            CryptographyError.invalidKeyLength(keyID: "k1", byteCount: 16).description
                == "sealing key 'k1' is 16 bytes, expected 32"
        )
        #expect(
            CryptographyError.malformedKeyringEntry(entry: 2).description
                == "keyring entry 2: malformed keyring entry: expected <id>:<base64 key>"
        )
        #expect(
            CryptographyError.unknownCurrentKeyID("k3").description
                == "the current sealing key id 'k3' is not in the keyring"
        )
    }
}

@Suite("Keyring from the environment")
struct KeyringEnvironmentTests {
    static let k1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

    @Test("Reads AP_SEALING_KEYS and AP_SEALING_KEY_ID")
    func reads() throws {
        let ring = try SealingKeyring(environment: ["AP_SEALING_KEYS": "k1:\(Self.k1)", "AP_SEALING_KEY_ID": "k1"])
        #expect(ring.currentKeyID == "k1")
        #expect(ring.currentKey.bytes == Array(0..<32))
    }

    @Test("Missing or empty keys are named")
    func missing() {
        #expect(throws: CryptographyError.missingConfiguration(key: "AP_SEALING_KEYS")) {
            try SealingKeyring(environment: ["AP_SEALING_KEY_ID": "k1"])
        }
        #expect(throws: CryptographyError.missingConfiguration(key: "AP_SEALING_KEYS")) {
            try SealingKeyring(environment: ["AP_SEALING_KEYS": "", "AP_SEALING_KEY_ID": "k1"])
        }
        #expect(throws: CryptographyError.missingConfiguration(key: "AP_SEALING_KEY_ID")) {
            try SealingKeyring(environment: ["AP_SEALING_KEYS": "k1:\(Self.k1)"])
        }
        #expect(
            CryptographyError.missingConfiguration(key: "AP_SEALING_KEY_ID").description
                == "AP_SEALING_KEY_ID is required")
    }
}
