/// Why a text cannot be encoded.
package enum QRCodeError: Error, Sendable, Equatable {
    /// The UTF-8 text of `bytes` bytes does not fit in a version 40 symbol at level M.
    case tooLong(bytes: Int)
}

/// A QR code (ISO/IEC 18004, model 2) encoder.
package enum QRCode {
    /// Byte mode (UTF-8), error correction level M, the smallest version that fits (up to 40), best of the 8 masks
    /// by the standard penalty rules.
    package static func encode(_ text: String) throws(QRCodeError) -> QRMatrix {
        let bytes = Array(text.utf8)
        guard let version = smallestVersion(forBytes: bytes.count) else {
            throw .tooLong(bytes: bytes.count)
        }
        let data = dataCodewords(bytes, version: version)
        let codewords = interleavedCodewords(data, version: version)
        var symbol = QRSymbol(version: version)
        symbol.drawFunctionPatterns()
        symbol.drawCodewords(codewords)
        symbol.applyBestMask()
        return QRMatrix(size: symbol.size, modules: symbol.modules)
    }

    /// The smallest version whose level M data capacity holds a byte segment of `count` bytes.
    static func smallestVersion(forBytes count: Int) -> Int? {
        (1...40).first { version in
            let bitsNeeded = 4 + QRVersionTables.byteCountBits(version: version) + 8 * count
            return count < (1 << QRVersionTables.byteCountBits(version: version))
                && bitsNeeded <= QRVersionTables.dataCodewords(version: version) * 8
        }
    }

    /// Mode indicator, count, data, terminator and padding: exactly the data codewords of `version`.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let capacityBits = QRVersionTables.dataCodewords(version: version) * 8
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: QRVersionTables.byteCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var result = bits.bytes
        var pad: UInt8 = 0xEC
        while result.count * 8 < capacityBits {
            result.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return result
    }

    /// Splits `data` into blocks, adds the Reed–Solomon codewords, and interleaves them.
    static func interleavedCodewords(_ data: [UInt8], version: Int) -> [UInt8] {
        let blockCount = QRVersionTables.blockCount[version]
        let eccLength = QRVersionTables.eccCodewordsPerBlock[version]
        let total = QRVersionTables.totalCodewords(version: version)
        let shortBlockCount = blockCount - total % blockCount
        let shortDataLength = total / blockCount - eccLength
        let generator = ReedSolomon.generator(degree: eccLength)

        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortDataLength + (index < shortBlockCount ? 0 : 1)
            let block = Array(data[offset..<offset + length])
            offset += length
            dataBlocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(of: block, generator: generator))
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for i in 0...shortDataLength {
            for block in dataBlocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<eccLength {
            for block in eccBlocks { result.append(block[i]) }
        }
        return result
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count bitCount: Int) {
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
