/// A minimal PNG writer: IHDR, one IDAT of zlib "stored" deflate blocks, IEND.
enum PNGEncoding {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// An 8-bit grayscale PNG from filtered scanlines (each row a filter byte and `width` samples).
    static func grayscalePNG(width: Int, height: Int, scanlines: [UInt8]) -> [UInt8] {
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, grayscale, deflate, adaptive filtering, no interlace
        var result = signature
        result += chunk("IHDR", header)
        result += chunk("IDAT", zlibStored(scanlines))
        result += chunk("IEND", [])
        return result
    }

    /// A chunk: length, type, data, CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.appendBigEndian(UInt32(data.count))
        let typeAndData = Array(type.utf8) + data
        result += typeAndData
        result.appendBigEndian(crc32(typeAndData))
        return result
    }

    /// A zlib stream of uncompressed deflate blocks (at most 65535 bytes each) and the Adler-32 checksum.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var result: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65535, data.count - offset)
            let isFinal = offset + length == data.count
            result.append(isFinal ? 1 : 0)
            result += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            result += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        result.appendBigEndian(adler32(data))
        return result
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return (b << 16) | a
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF),
        ])
    }
}
