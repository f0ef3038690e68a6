import Foundation
import TestSupport
import Testing

@testable import QRCode

@Suite("QR code encoding")
struct QRCodeTests {
    /// Shaped like a WhatsApp pairing string: `2@<ref>,<noise key>,<identity key>,<adv secret>` (180 characters).
    static let pairingString =
        "2@AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCdE,"
        + "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5,"
        + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn,"
        + "aGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkrLz0r"

    @Test("HELLO is a version 1 symbol that zbarimg decodes")
    func hello() async throws {
        let matrix = try QRCode.encode("HELLO")
        #expect(matrix.size == 21)
        #expect(try await decode(matrix) == "HELLO")
    }

    @Test("A 180-character WhatsApp-like pairing string decodes")
    func pairingStringDecodes() async throws {
        let text = Self.pairingString
        #expect(text.utf8.count == 180)
        let matrix = try QRCode.encode(text)
        #expect(try await decode(matrix) == text)
    }

    @Test("A ~300-byte text with non-ASCII UTF-8 decodes")
    func utf8TextDecodes() async throws {
        var text = "Olá, café crème — prêt à payer? 🚗📱✅ "
        while text.utf8.count < 300 { text += "Voiture d'occasion, kilométrage vérifié 🎉 " }
        #expect(text.utf8.count >= 300)
        let matrix = try QRCode.encode(text)
        #expect(try await decode(matrix) == text)
    }

    @Test("Texts of several lengths decode, across versions")
    func versionsDecode() async throws {
        for length in [1, 14, 15, 100, 400, 1000] {
            let text = String((0..<length).map { Character(UnicodeScalar(UInt8(0x41 + $0 % 26))) })
            #expect(try await decode(try QRCode.encode(text)) == text, "length \(length)")
        }
    }

    @Test("A text of 3000 bytes is too long")
    func tooLong() {
        let text = String(repeating: "x", count: 3000)
        #expect(throws: QRCodeError.tooLong(bytes: 3000)) { try QRCode.encode(text) }
    }

    @Test("The version 40 limit at level M is 2331 bytes")
    func capacity() throws {
        #expect(try QRCode.encode(String(repeating: "x", count: 2331)).size == 177)
        #expect(throws: QRCodeError.tooLong(bytes: 2332)) { try QRCode.encode(String(repeating: "x", count: 2332)) }
    }

    @Test("Finder patterns sit at three corners")
    func finderPatterns() throws {
        let matrix = try QRCode.encode("HELLO")
        let corners = [(0, 0), (matrix.size - 7, 0), (0, matrix.size - 7)]
        for (left, top) in corners {
            for dy in 0..<7 {
                for dx in 0..<7 {
                    let distance = max(abs(dx - 3), abs(dy - 3))
                    #expect(matrix.isDark(x: left + dx, y: top + dy) == (distance != 2))
                }
            }
        }
        // Separators are light; the bottom-right corner holds no finder pattern.
        for i in 0..<8 {
            #expect(!matrix.isDark(x: 7, y: i))
            #expect(!matrix.isDark(x: i, y: 7))
        }
        let size = matrix.size
        let bottomRight = (0..<7).allSatisfy { dy in
            (0..<7).allSatisfy { dx in
                matrix.isDark(x: size - 7 + dx, y: size - 7 + dy) == (max(abs(dx - 3), abs(dy - 3)) != 2)
            }
        }
        #expect(!bottomRight)
    }

    @Test("The SVG and PNG renderings are well-formed")
    func renderings() throws {
        let matrix = try QRCode.encode("HELLO")
        let svg = matrix.svg()
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("viewBox=\"0 0 29 29\""))
        #expect(svg.components(separatedBy: "<path").count == 2)
        let png = matrix.png(scale: 2, margin: 4)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        #expect(Array(png[16..<24]) == [0, 0, 0, 58, 0, 0, 0, 58])
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    @Test("Known checksums and Reed–Solomon codewords")
    func checksums() {
        #expect(PNGEncoding.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoding.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        // ISO/IEC 18004 annex I: "01234567" at 1-M.
        let data: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        let ecc = ReedSolomon.remainder(of: data, generator: ReedSolomon.generator(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test("Format and version information match the standard's examples")
    func formatAndVersionBits() {
        // Level M, mask 5 → 100000011001110 (ISO/IEC 18004 annex C).
        #expect(QRVersionTables.formatBits(mask: 5) == 0b100_0000_1100_1110)
        // Version 7 → 000111110010010100 (annex D).
        #expect(QRVersionTables.versionBits(version: 7) == 0b00_0111_1100_1001_0100)
        #expect(QRVersionTables.totalCodewords(version: 1) == 26)
        #expect(QRVersionTables.totalCodewords(version: 40) == 3706)
        #expect(QRVersionTables.dataCodewords(version: 40) == 2334)
    }

    /// Writes the PNG to a temporary file and returns what `zbarimg --raw -q --nodbus` prints (no D-Bus
    /// notice in the output), without the final newline.
    private func decode(_ matrix: QRMatrix) async throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qrcode-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = folder.appendingPathComponent("code.png")
        let output = folder.appendingPathComponent("out.txt")
        try Data(matrix.png(scale: 4, margin: 4)).write(to: image)
        let process = try ChildProcess(
            executable: "/usr/bin/zbarimg", arguments: ["--raw", "-q", "--nodbus", image.path], logPath: output.path)
        let status = await process.exited()
        #expect(status == 0, "zbarimg exit status \(status)")
        var text = try String(contentsOf: output, encoding: .utf8)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
