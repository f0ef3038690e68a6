import Foundation

/// A loopback port nothing listens on: bound once by the kernel's choice, then released. Connecting to it
/// is refused at once, which is how tests make a store unreachable.
enum ClosedPort {
    static func find() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(descriptor >= 0, "no socket for a port probe")
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        precondition(bound, "cannot bind a loopback port")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
