import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP proxy on a loopback port in front of a local server, which a test can freeze: connections are
/// still accepted, but no byte is forwarded either way until it thaws. What a stalled network or a frozen
/// host looks like to a client (its writes are acknowledged, nothing comes back), unlike a refused port.
package final class FreezableTCPProxy: Sendable {
    /// The port clients connect to.
    package let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let state = Mutex<(frozen: Bool, closed: Bool, sockets: [Int32])>((false, false, []))

    /// Listens on a free loopback port, forwarding to `127.0.0.1:upstreamPort`.
    package init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSupportError("proxy: socket() failed") }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, 128) == 0 else {
            Glibc.close(socket)
            throw TestSupportError("proxy: cannot listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        listener = socket
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops forwarding: bytes wait in the kernel's buffers, new connections are accepted but stay silent.
    package func freeze() { state.withLock { $0.frozen = true } }

    /// Forwards again, what waited included.
    package func thaw() { state.withLock { $0.frozen = false } }

    /// Closes the listener and every connection.
    package func close() {
        let sockets = state.withLock { state -> [Int32]? in
            guard !state.closed else { return nil }
            state.closed = true
            defer { state.sockets = [] }
            return state.sockets
        }
        guard let sockets else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
        for socket in sockets {
            shutdown(socket, Int32(SHUT_RDWR))
        }
    }

    deinit { close() }

    private var isClosed: Bool { state.withLock { $0.closed } }
    private var isFrozen: Bool { state.withLock { $0.frozen } }

    private func acceptLoop() {
        while !isClosed {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if isClosed { return }
                continue
            }
            let upstream = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard upstream >= 0, connected == 0 else {
                Glibc.close(client)
                if upstream >= 0 { Glibc.close(upstream) }
                continue
            }
            state.withLock { $0.sockets += [client, upstream] }
            Thread { [self] in pump(from: client, to: upstream) }.start()
            Thread { [self] in pump(from: upstream, to: client) }.start()
        }
    }

    /// Copies bytes from `source` to `destination` while thawed, until either side closes.
    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        defer {
            shutdown(destination, Int32(SHUT_WR))
            shutdown(source, Int32(SHUT_RD))
        }
        while !isClosed {
            if isFrozen {
                usleep(20_000)
                continue
            }
            var descriptor = pollfd(fd: source, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 50) > 0 else { continue }
            if isFrozen { continue }  // froze while waiting: leave the bytes where they are
            let count = read(source, &buffer, buffer.count)
            guard count > 0 else { return }
            var written = 0
            while written < count {
                let result = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + written, count - written) }
                guard result > 0 else { return }
                written += result
            }
        }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
