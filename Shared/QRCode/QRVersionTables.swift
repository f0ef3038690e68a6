/// The ISO/IEC 18004 tables for versions 1–40 at error correction level M.
enum QRVersionTables {
    /// Error correction codewords per block at level M, indexed by version (index 0 unused).
    static let eccCodewordsPerBlock: [Int] = [
        0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
        26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]

    /// Error correction blocks at level M, indexed by version (index 0 unused).
    static let blockCount: [Int] = [
        0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
        17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]

    /// Centre coordinates of the alignment patterns (rows and columns alike), indexed by version.
    static let alignmentPositions: [[Int]] = [
        [],  // unused
        [],  // 1
        [6, 18],  // 2
        [6, 22],  // 3
        [6, 26],  // 4
        [6, 30],  // 5
        [6, 34],  // 6
        [6, 22, 38],  // 7
        [6, 24, 42],  // 8
        [6, 26, 46],  // 9
        [6, 28, 50],  // 10
        [6, 30, 54],  // 11
        [6, 32, 58],  // 12
        [6, 34, 62],  // 13
        [6, 26, 46, 66],  // 14
        [6, 26, 48, 70],  // 15
        [6, 26, 50, 74],  // 16
        [6, 30, 54, 78],  // 17
        [6, 30, 56, 82],  // 18
        [6, 30, 58, 86],  // 19
        [6, 34, 62, 90],  // 20
        [6, 28, 50, 72, 94],  // 21
        [6, 26, 50, 74, 98],  // 22
        [6, 30, 54, 78, 102],  // 23
        [6, 28, 54, 80, 106],  // 24
        [6, 32, 58, 84, 110],  // 25
        [6, 30, 58, 86, 114],  // 26
        [6, 34, 62, 90, 118],  // 27
        [6, 26, 50, 74, 98, 122],  // 28
        [6, 30, 54, 78, 102, 126],  // 29
        [6, 26, 52, 78, 104, 130],  // 30
        [6, 30, 56, 82, 108, 134],  // 31
        [6, 34, 60, 86, 112, 138],  // 32
        [6, 30, 58, 86, 114, 142],  // 33
        [6, 34, 62, 90, 118, 146],  // 34
        [6, 30, 54, 78, 102, 126, 150],  // 35
        [6, 24, 50, 76, 102, 128, 154],  // 36
        [6, 28, 54, 80, 106, 132, 158],  // 37
        [6, 32, 58, 84, 110, 136, 162],  // 38
        [6, 26, 54, 82, 110, 138, 166],  // 39
        [6, 30, 58, 86, 114, 142, 170],  // 40
    ]

    static func size(version: Int) -> Int { version * 4 + 17 }

    /// All codewords (data and error correction) a symbol of `version` holds.
    static func totalCodewords(version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            modules -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { modules -= 36 }
        }
        return modules / 8
    }

    /// Data codewords of `version` at level M.
    static func dataCodewords(version: Int) -> Int {
        totalCodewords(version: version) - eccCodewordsPerBlock[version] * blockCount[version]
    }

    /// Bits of the byte-mode character count indicator.
    static func byteCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The 15 format information bits (level M, `mask`), BCH-coded and XOR-ed with 101010000010010.
    static func formatBits(mask: Int) -> Int {
        let data = (0b00 << 3) | mask  // level M is 00
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return ((data << 10) | (remainder & 0x3FF)) ^ 0x5412
    }

    /// The 18 version information bits (versions 7 and up), Golay-coded.
    static func versionBits(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return (version << 12) | (remainder & 0xFFF)
    }
}
