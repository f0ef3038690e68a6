import BlockingIO
import Glibc

/// Resolves host names with the system resolver (`getaddrinfo`, blocking) on its own threads, never on
/// Swift's cooperative pool. An IP literal resolves to itself.
package final class HostResolver: Sendable {
    private let threads: BlockingThreadPool

    package init(threads: Int = 2) {
        self.threads = BlockingThreadPool(name: "dns", size: threads)
    }

    /// The host's addresses, deduplicated in the resolver's order; empty when it does not resolve.
    package func addresses(of host: String) async -> [IPAddress] {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (try? await threads.run { Self.resolve(bare) }) ?? []
    }

    package func shutdown() { threads.shutdown() }

    private static func resolve(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var found: [IPAddress] = []
        var next = list
        while let entry = next {
            if let address = entry.pointee.ai_addr, let ip = ipAddress(address, family: entry.pointee.ai_family),
                !found.contains(ip)
            {
                found.append(ip)
            }
            next = entry.pointee.ai_next
        }
        return found
    }

    private static func ipAddress(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> IPAddress? {
        switch family {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
            }
        default:
            return nil
        }
    }
}
