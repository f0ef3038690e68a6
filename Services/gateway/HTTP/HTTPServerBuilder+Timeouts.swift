import Hummingbird
import HummingbirdCore
import NIOCore

extension HTTPServerBuilder {
    /// HTTP/1.1 that cuts off slow and stalled clients after `timeout` (`AP_HTTP_IDLE_TIMEOUT_SECONDS`), so
    /// that they cannot hold the server's connections:
    ///
    /// - Hummingbird's idle timeout closes a connection that sends no complete header block within `timeout`
    ///   of opening or of its previous response (headers sent slowly or cut half-way), and one that stays
    ///   silent that long in the middle of a body; it never interrupts a response being written (Server-Sent
    ///   Events stay open);
    /// - ``RequestReadDeadline`` closes one whose body is not all in within `timeout` of its headers (a body
    ///   sent a byte at a time).
    static func http1(timeout: Duration) -> HTTPServerBuilder {
        let amount = TimeAmount(timeout)
        return .http1(
            configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [RequestReadDeadline(timeout: amount)], idleTimeout: amount))
    }
}
