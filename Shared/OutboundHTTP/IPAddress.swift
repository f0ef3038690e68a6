/// An IPv4 (4 bytes) or IPv6 (16 bytes) address, and whether it is on the public internet: what a URL a
/// customer gives may reach. Loopback, private (RFC 1918, unique-local), carrier-grade NAT, link-local (with the
/// cloud metadata address 169.254.169.254), multicast, documentation and reserved ranges are not; IPv6 forms
/// that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
package struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    package let bytes: [UInt8]

    package init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    package var isPublic: Bool {
        bytes.count == 4 ? Self.isPublicIPv4(bytes) : Self.isPublicIPv6(bytes)
    }

    package var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }

    /// (first bytes, prefix length in bits) of the IPv4 ranges that are not public.
    private static let nonPublicIPv4: [([UInt8], Int)] = [
        ([0], 8), ([10], 8), ([100, 64], 10), ([127], 8), ([169, 254], 16), ([172, 16], 12), ([192, 0, 0], 24),
        ([192, 0, 2], 24), ([192, 88, 99], 24), ([192, 168], 16), ([198, 18], 15), ([198, 51, 100], 24),
        ([203, 0, 113], 24), ([224], 4), ([240], 4),
    ]

    private static let nonPublicIPv6: [([UInt8], Int)] = [
        ([0x01, 0x00, 0, 0, 0, 0, 0, 0], 64),  // discard
        ([0x20, 0x01, 0x0d, 0xb8], 32),  // documentation
        ([0xfc], 7),  // unique local (fd00:ec2::254, a cloud metadata address, among them)
        ([0xfe, 0x80], 10),  // link-local
        ([0xff], 8),  // multicast
    ]

    private static func isPublicIPv4(_ bytes: [UInt8]) -> Bool {
        !nonPublicIPv4.contains { matches(bytes, prefix: $0.0, bits: $0.1) }
    }

    private static func isPublicIPv6(_ bytes: [UInt8]) -> Bool {
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return false }  // :: and ::1
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return isPublicIPv4(Array(bytes[12..<16]))  // ::ffff:a.b.c.d
        }
        if bytes[0..<12] == [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] {
            return isPublicIPv4(Array(bytes[12..<16]))  // 64:ff9b::a.b.c.d (NAT64)
        }
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return isPublicIPv4(Array(bytes[2..<6])) }  // 6to4
        return !nonPublicIPv6.contains { matches(bytes, prefix: $0.0, bits: $0.1) }
    }

    private static func matches(_ bytes: [UInt8], prefix: [UInt8], bits: Int) -> Bool {
        for bit in 0..<bits {
            let (index, shift) = (bit / 8, 7 - bit % 8)
            let wanted = index < prefix.count ? (prefix[index] >> shift) & 1 : 0
            if (bytes[index] >> shift) & 1 != wanted { return false }
        }
        return true
    }
}
