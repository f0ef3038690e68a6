import Foundation
import Glibc

/// A plain TCP connection to a loopback port, for sending HTTP by hand: half a request, or a body one byte
/// at a time. Non-blocking, so waiting for the server never holds a cooperative thread.
final class RawTCPConnection: Sendable {
    private let descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to `port` on 127.0.0.1, or on ::1 when nothing listens on the IPv4 one ("localhost" may be
    /// either).
    init(port: Int) throws {
        if let descriptor = Self.connect(ipv4: port) ?? Self.connect(ipv6: port) {
            self.descriptor = descriptor
        } else {
            throw Failure(description: "cannot connect to port \(port) on 127.0.0.1 or ::1")
        }
    }

    deinit { close(descriptor) }

    /// Writes `text` (never raising SIGPIPE); false once the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            Glibc.send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) == buffer.count
        }
    }

    /// Reads what is there without waiting: the bytes, `[]` when nothing arrived yet, nil when the server closed
    /// the connection (end of stream or reset).
    func readAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count > 0 { return Array(buffer[..<count]) }
        if count == 0 { return nil }
        return errno == EAGAIN || errno == EWOULDBLOCK ? [] : nil
    }

    /// Waits up to `timeout` for the server to close the connection, reading (and keeping) whatever it sends
    /// meanwhile; true when it closed.
    func waitForClose(within timeout: Duration, received: inout [UInt8]) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let bytes = readAvailable() else { return true }
            received += bytes
            try await Task.sleep(for: .milliseconds(20))
        }
        // Once more past the deadline: on a starved cooperative pool this task may wake only after it, long
        // after the server closed (a fresh-clone run saw exactly that at the start of the suite).
        guard let bytes = readAvailable() else { return true }
        received += bytes
        return false
    }

    private static func connect(ipv4 port: Int) -> Int32? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return connect(family: AF_INET, &address)
    }

    private static func connect(ipv6 port: Int) -> Int32? {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = UInt16(port).bigEndian
        address.sin6_addr = in6addr_loopback
        return connect(family: AF_INET6, &address)
    }

    private static func connect<Address>(family: Int32, _ address: inout Address) -> Int32? {
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<Address>.size)) == 0
            }
        }
        guard connected else {
            close(descriptor)
            return nil
        }
        return descriptor
    }
}
