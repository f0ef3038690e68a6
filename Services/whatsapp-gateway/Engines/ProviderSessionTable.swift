import Foundation
import Synchronization

/// The open sessions of a provider-backed engine (Cloud API, Twilio): what each needs to send, and its event
/// stream, so that closing, logging out and failing a session end that stream the same way everywhere.
final class ProviderSessionTable<Session: Sendable>: Sendable {
    private struct Entry: Sendable {
        var session: Session
        var continuation: AsyncStream<EngineEvent>.Continuation
    }

    private let entries = Mutex([UUID: Entry]())

    func insert(_ id: UUID, _ session: Session, continuation: AsyncStream<EngineEvent>.Continuation) {
        entries.withLock { $0[id] = Entry(session: session, continuation: continuation) }
    }

    func session(_ id: UUID) -> Session? { entries.withLock { $0[id]?.session } }

    /// Ends the session's stream (nothing to report: the supervisor closed it).
    func close(_ id: UUID) {
        entries.withLock { $0.removeValue(forKey: id) }?.continuation.finish()
    }

    /// Reports `event` (logged out, failed) as the session's last and ends its stream.
    func end(_ id: UUID, with event: EngineEvent) {
        let entry = entries.withLock { $0.removeValue(forKey: id) }
        entry?.continuation.yield(event)
        entry?.continuation.finish()
    }

    /// Answered to a send for a session that is not open.
    static var notOpen: EngineSendResult {
        .transientFailure(
            code: "not_connected", reason: "the session is not open", retryAfter: .seconds(2), rateLimited: false)
    }

    /// Answered when the stored media or template cannot be read (validated at accept: a bug, not input).
    static var unreadableContent: EngineSendResult {
        .permanentFailure(code: "invalid_content", reason: "the stored media or template is unreadable")
    }
}

extension AsyncStream where Element == EngineEvent {
    /// A stream that reports one failure and ends (a session that cannot even start).
    static func failing(_ reason: String) -> AsyncStream<EngineEvent> {
        AsyncStream { continuation in
            continuation.yield(.failed(reason: reason))
            continuation.finish()
        }
    }
}

/// What checking a provider session's credentials found.
enum ProviderCheck: Sendable {
    /// Usable, sending as this number.
    case healthy(phone: String)
    /// The provider could not be reached or was busy: may pass (the supervisor reconnects with backoff).
    case unreachable(String)
    /// The provider refused the credentials or the number: the session fails.
    case refused(String)
}

extension ProviderSessionTable {
    /// Connects the session when `check` finds it healthy, then repeats the check every `interval` while the
    /// session stays open: each success is a keep-alive (`alive`, for the supervisor's watchdog), a lapse
    /// reports `disconnected` and a refusal (an expired token) `failed`.
    func connect(
        _ id: UUID, _ session: Session, authState: [UInt8], keepAlive interval: Duration,
        continuation: AsyncStream<EngineEvent>.Continuation, check: @Sendable () async -> ProviderCheck
    ) async {
        switch await check() {
        case .healthy(let phone):
            insert(id, session, continuation: continuation)
            continuation.yield(.connected(phone: phone, authState: authState))
        case .unreachable(let reason):
            continuation.yield(.disconnected(reason: reason))
            return
        case .refused(let reason):
            continuation.yield(.failed(reason: reason))
            continuation.finish()
            return
        }
        while true {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled, self.session(id) != nil else { return }
            switch await check() {
            case .healthy: continuation.yield(.alive)
            case .unreachable(let reason):
                close(id)
                continuation.yield(.disconnected(reason: reason))
                return
            case .refused(let reason):
                end(id, with: .failed(reason: reason))
                return
            }
        }
    }
}
