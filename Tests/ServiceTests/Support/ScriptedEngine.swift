import Foundation
import Synchronization

@testable import WhatsAppGateway

/// A WhatsApp engine a test drives by hand: each `open` hands the test the connection's event stream, which
/// it feeds with ``emit(_:to:)``; opens, closes and sends are counted. For supervisor tests on real Redis and
/// Postgres where the sandbox's timers would only add waiting.
final class ScriptedEngine: WhatsAppEngine, Sendable {
    private struct State {
        var streams: [UUID: AsyncStream<EngineEvent>.Continuation] = [:]
        var opens: [UUID: Int] = [:]
        var closes: [UUID: Int] = [:]
        var sends: [UUID: Int] = [:]
    }

    private let state = Mutex(State())

    func open(sessionID: UUID, authState: [UInt8]?) -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        state.withLock {
            $0.streams[sessionID] = continuation
            $0.opens[sessionID, default: 0] += 1
        }
        return stream
    }

    func close(sessionID: UUID) async {
        let continuation = state.withLock {
            $0.closes[sessionID, default: 0] += 1
            return $0.streams.removeValue(forKey: sessionID)
        }
        continuation?.finish()
    }

    func logout(sessionID: UUID) async {}
    func scan(sessionID: UUID) async -> Bool { false }

    func send(sessionID: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        state.withLock { $0.sends[sessionID, default: 0] += 1 }
        return .sent(providerMessageID: "scripted-\(UUID().uuidString)")
    }

    /// Feeds `event` to the session's open connection; false when none is open.
    @discardableResult
    func emit(_ event: EngineEvent, to sessionID: UUID) -> Bool {
        guard let continuation = state.withLock({ $0.streams[sessionID] }) else { return false }
        continuation.yield(event)
        return true
    }

    func opens(_ id: UUID) -> Int { state.withLock { $0.opens[id] ?? 0 } }
    func closes(_ id: UUID) -> Int { state.withLock { $0.closes[id] ?? 0 } }
    func sends(_ id: UUID) -> Int { state.withLock { $0.sends[id] ?? 0 } }
    func isOpen(_ id: UUID) -> Bool { state.withLock { $0.streams[id] != nil } }
}
