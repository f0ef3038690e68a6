import Foundation
import Synchronization

/// A local emulation of WhatsApp Web pairing for development and tests (ANCHORS.md §4.1): on a fresh
/// session it shows six QR refs, the first valid 60 s and the others 20 s (configurable), each shaped like
/// the real string (`ref,noiseKey,identityKey,advSecret`, base64); a ``scan(sessionID:)`` (the admin
/// "phone") pairs it; a session with auth state resumes at once. Nothing leaves the machine.
final class SandboxEngine: WhatsAppEngine, Sendable {
    struct Timing: Sendable {
        var firstRef: Duration = .seconds(60)
        var nextRefs: Duration = .seconds(20)
        var refCount = 6
        /// Between a send and its delivery receipt, and between delivery and read.
        var receiptDelay: Duration = .milliseconds(300)
    }

    private let timing: Timing
    private let pairings = Mutex([UUID: AsyncStream<EngineEvent>.Continuation]())
    private let waiting = Mutex(Set<UUID>())

    init(timing: Timing = Timing()) {
        self.timing = timing
    }

    func open(sessionID: UUID, authState: [UInt8]?) -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        pairings.withLock { $0[sessionID] = continuation }
        if let authState, let phone = Self.phone(in: authState) {
            continuation.yield(.connected(phone: phone, authState: authState))
            return stream
        }
        waiting.withLock { _ = $0.insert(sessionID) }
        let timing = timing
        let task = Task { [weak self] in
            for index in 0..<timing.refCount {
                let life = index == 0 ? timing.firstRef : timing.nextRefs
                continuation.yield(.qr(Self.qrString(), validFor: life))
                try? await Task.sleep(for: life)
                guard !Task.isCancelled, self?.isWaiting(sessionID) == true else { return }
            }
            guard self?.stopWaiting(sessionID) == true else { return }
            continuation.yield(.qrExhausted)
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    func close(sessionID: UUID) async {
        _ = stopWaiting(sessionID)
        pairings.withLock { $0.removeValue(forKey: sessionID) }?.finish()
    }

    func logout(sessionID: UUID) async {
        _ = stopWaiting(sessionID)
        let continuation = pairings.withLock { $0.removeValue(forKey: sessionID) }
        continuation?.yield(.loggedOut(reason: "logged out on request"))
        continuation?.finish()
    }

    func scan(sessionID: UUID) async -> Bool {
        guard stopWaiting(sessionID), let continuation = pairings.withLock({ $0[sessionID] }) else { return false }
        let phone = "+3360000" + String(format: "%04d", Int.random(in: 0..<10_000))
        let auth = #"{"engine":"sandbox","phone":"\#(phone)","secret":"\#(Self.base64(32))"}"#
        continuation.yield(.connected(phone: phone, authState: Array(auth.utf8)))
        return true
    }

    /// Accepts the message while the session is open, then reports it delivered and read, as a phone
    /// that receives and opens it would.
    func send(sessionID: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        guard !isWaiting(sessionID), let continuation = pairings.withLock({ $0[sessionID] }) else {
            return .transientFailure(
                code: "not_connected", reason: "the session is not connected", retryAfter: .seconds(1),
                rateLimited: false)
        }
        let id = "sandbox-wa-\(UUID().uuidString.lowercased())"
        let receipts = timing.receiptDelay
        Task {
            try? await Task.sleep(for: receipts)
            continuation.yield(.receipt(providerMessageID: id, read: false))
            try? await Task.sleep(for: receipts)
            continuation.yield(.receipt(providerMessageID: id, read: true))
        }
        return .sent(providerMessageID: id)
    }

    private func isWaiting(_ id: UUID) -> Bool { waiting.withLock { $0.contains(id) } }
    private func stopWaiting(_ id: UUID) -> Bool { waiting.withLock { $0.remove(id) != nil } }

    /// `ref,noiseKey,identityKey,advSecret` as WhatsApp Web encodes them (a `2@…` ref, then base64 of 32 bytes).
    static func qrString() -> String {
        "2@\(base64(24)),\(base64(32)),\(base64(32)),\(base64(32))"
    }

    private static func base64(_ count: Int) -> String {
        Data((0..<count).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    private static func phone(in authState: [UInt8]) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(authState)) as? [String: Any]
        return object?["phone"] as? String
    }
}
