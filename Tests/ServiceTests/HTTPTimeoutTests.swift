import Foundation
import Gateway
import Hummingbird
import Testing

/// A client that sends its headers or its body slowly, or stops half-way, is cut off after
/// `AP_HTTP_IDLE_TIMEOUT_SECONDS` and holds no connection of the server: a live gateway (1 s here) and raw
/// TCP connections.
@Suite struct HTTPTimeoutTests {
    private static let timeout = Duration.seconds(1)
    /// How long past the timeout a close may come (a loaded 2-core machine: 2 s was once too little in a full
    /// run). Without the timeout the connection stays open for good, so this bound still tells.
    private static let slack = Duration.seconds(10)

    /// A live gateway with the 1 s timeout; `body` gets its port.
    private func withGateway(_ body: @Sendable (Int) async throws -> Void) async throws {
        var configuration = try MessagingFixture.configuration()
        configuration.httpIdleTimeout = Self.timeout
        try await TestStores.with { test in
            let application = buildApplication(
                configuration: configuration, stores: test.stores, logger: TestStores.quietLogger)
            try await application.withLiveServer { port in
                // A whole request is answered as before.
                let connection = try RawTCPConnection(port: port)
                #expect(connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                var answer: [UInt8] = []
                #expect(try await connection.waitForClose(within: Self.slack, received: &answer))
                #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
                try await body(port)
            }
        }
    }

    /// Waits for the server to close `connection`, which must happen after about the timeout (not at once,
    /// not much later).
    private func expectClosedAfterTimeout(
        _ connection: RawTCPConnection, since start: ContinuousClock.Instant,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var received: [UInt8] = []
        let closed = try await connection.waitForClose(within: Self.timeout + Self.slack, received: &received)
        let elapsed = ContinuousClock.now - start
        #expect(closed, "still open after \(elapsed)", sourceLocation: sourceLocation)
        #expect(elapsed >= Self.timeout * 0.8, "closed after only \(elapsed)", sourceLocation: sourceLocation)
    }

    @Test func aRequestWhoseHeadersStopHalfWayIsClosedAfterTheTimeout() async throws {
        try await withGateway { port in
            let connection = try RawTCPConnection(port: port)
            let start = ContinuousClock.now
            #expect(connection.send("POST /api/phone/sms HTTP/1.1\r\nHost: localhost\r\nContent-Ty"))
            try await expectClosedAfterTimeout(connection, since: start)
        }
    }

    @Test func headersSentOneByteAtATimeAreClosedAfterTheTimeout() async throws {
        try await withGateway { port in
            let connection = try RawTCPConnection(port: port)
            let start = ContinuousClock.now
            // Far more header bytes than the timeout allows at this pace; each byte is activity on the socket.
            let trickle = Task {
                for byte in "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: \(String(repeating: "a", count: 200))" {
                    guard connection.send(String(byte)) else { return }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { trickle.cancel() }
            try await expectClosedAfterTimeout(connection, since: start)
        }
    }

    @Test func aBodyThatStopsHalfWayIsClosedAfterTheTimeout() async throws {
        try await withGateway { port in
            let connection = try RawTCPConnection(port: port)
            let start = ContinuousClock.now
            let head = "POST /api/phone/sms HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            #expect(connection.send(head + "Content-Length: 100\r\n\r\n{\"recipient\":"))
            try await expectClosedAfterTimeout(connection, since: start)
        }
    }

    @Test func aBodySentOneByteAtATimeIsClosedAfterTheTimeout() async throws {
        try await withGateway { port in
            let connection = try RawTCPConnection(port: port)
            let start = ContinuousClock.now
            let head = "POST /api/phone/sms HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            #expect(connection.send(head + "Content-Length: 1000\r\n\r\n"))
            // A byte every 100 ms never leaves the connection idle for the timeout, but the body is not in
            // within it.
            let trickle = Task {
                for _ in 0..<1000 {
                    guard connection.send(" ") else { return }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { trickle.cancel() }
            try await expectClosedAfterTimeout(connection, since: start)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosedAfterTheTimeout() async throws {
        try await withGateway { port in
            let connection = try RawTCPConnection(port: port)
            // Measured from the request: the server's idle timer starts when its answer is written, which the
            // polling below may notice late on a loaded machine (it once read 0.73 s from there).
            let sent = ContinuousClock.now
            #expect(connection.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            // The answer comes at once; the connection then stays open (keep-alive) for the timeout only.
            var received: [UInt8] = []
            let answered = ContinuousClock.now + .seconds(5)
            while !String(decoding: received, as: UTF8.self).contains(#""status":"ok""#), ContinuousClock.now < answered
            {
                guard let bytes = connection.readAvailable() else { break }
                received += bytes
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            try await expectClosedAfterTimeout(connection, since: sent)
        }
    }
}
