import Foundation
import Synchronization

/// A local emulation of WhatsApp Web for development and tests (ANCHORS.md §4.1–4.3): on a fresh session it
/// shows six QR refs, the first valid 60 s and the others 20 s (configurable), each shaped like the real
/// string (`ref,noiseKey,identityKey,advSecret`, base64); a ``scan(sessionID:)`` or a pairing code entered
/// by the admin "phone" (``SimulatedPhone``) pairs it; a session with auth state resumes at once. A
/// connected session answers a keep-alive every `keepAlive` (``EngineEvent/alive``) unless made silent.
/// Nothing leaves the machine.
final class SandboxEngine: WhatsAppEngine, Sendable {
    struct Timing: Sendable {
        var firstRef: Duration = .seconds(60)
        var nextRefs: Duration = .seconds(20)
        var refCount = 6
        /// Between a send and its delivery receipt, and between delivery and read.
        var receiptDelay: Duration = .milliseconds(300)
        /// Between two keep-alive answers of a connected session (WhatsApp Web pings every 20–30 s).
        var keepAlive: Duration = .seconds(25)
        /// How long a pairing code stays valid (whatsmeow: "there's a 160-second time limit").
        var pairingCodeLife: Duration = .seconds(160)
    }

    /// One open connection of a session. `generation` tells it from a later one of the same session, so
    /// that the tasks of a closed connection stop instead of speaking on the new one.
    struct Connection {
        var continuation: AsyncStream<EngineEvent>.Continuation
        var generation: UUID
        /// Showing QR refs (not paired yet).
        var waiting: Bool
        /// Open but mute: no keep-alives, receipts or messages come through (a half-dead socket).
        var silent = false
        /// The live pairing code, when the phone number way was asked for.
        var pairing: Pairing?
        var tasks: [Task<Void, Never>] = []
    }

    struct Pairing {
        var code: String
        var phoneNumber: String
        var expires: ContinuousClock.Instant
    }

    let timing: Timing
    let connections = Mutex([UUID: Connection]())

    init(timing: Timing = Timing()) {
        self.timing = timing
    }

    func open(sessionID: UUID, authState: [UInt8]?) -> AsyncStream<EngineEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: EngineEvent.self)
        let generation = UUID()
        let phone = authState.flatMap(Self.phone(in:))
        let connection = Connection(continuation: continuation, generation: generation, waiting: phone == nil)
        end(connections.withLock { $0.updateValue(connection, forKey: sessionID) })
        continuation.onTermination = { [weak self] _ in
            self?.end(self?.remove(sessionID, generation: generation), finish: false)
        }
        if let authState, let phone {
            connect(sessionID, generation: generation, phone: phone, authState: authState)
            return stream
        }
        let timing = timing
        adopt(
            Task { [weak self] in
                for index in 0..<timing.refCount {
                    let life = index == 0 ? timing.firstRef : timing.nextRefs
                    continuation.yield(.qr(Self.qrString(), validFor: life))
                    try? await Task.sleep(for: life)
                    guard !Task.isCancelled, self?.current(sessionID, generation)?.waiting == true else { return }
                }
                guard let self, let ended = self.remove(sessionID, generation: generation) else { return }
                ended.continuation.yield(.qrExhausted)
                self.end(ended)
            }, sessionID: sessionID, generation: generation)
        return stream
    }

    func close(sessionID: UUID) async {
        end(remove(sessionID))
    }

    func logout(sessionID: UUID) async {
        let connection = remove(sessionID)
        connection?.continuation.yield(.loggedOut(reason: "logged out on request"))
        end(connection)
    }

    func scan(sessionID: UUID) async -> Bool {
        guard let generation = stopWaiting(sessionID) else { return false }
        let phone = "+3360000" + String(format: "%04d", Int.random(in: 0..<10_000))
        connect(sessionID, generation: generation, phone: phone, authState: Self.authState(phone: phone))
        return true
    }

    /// Accepts the message while the session is connected, then reports it delivered and read, as a phone
    /// that receives and opens it would.
    func send(sessionID: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        guard let connection = current(sessionID), !connection.waiting else {
            return .transientFailure(
                code: "not_connected", reason: "the session is not connected", retryAfter: .seconds(1),
                rateLimited: false)
        }
        let id = "sandbox-wa-\(UUID().uuidString.lowercased())"
        let (receipts, generation) = (timing.receiptDelay, connection.generation)
        Task { [weak self] in
            try? await Task.sleep(for: receipts)
            self?.speak(.receipt(providerMessageID: id, read: false), sessionID, generation)
            try? await Task.sleep(for: receipts)
            self?.speak(.receipt(providerMessageID: id, read: true), sessionID, generation)
        }
        return .sent(providerMessageID: id)
    }

    // MARK: - Connections

    /// Online as `phone`: reports it, then answers keep-alives until the connection ends.
    func connect(_ sessionID: UUID, generation: UUID, phone: String, authState: [UInt8]) {
        guard let connection = current(sessionID), connection.generation == generation else { return }
        connection.continuation.yield(.connected(phone: phone, authState: authState))
        let interval = timing.keepAlive
        adopt(
            Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    guard let self, self.current(sessionID, generation) != nil else { return }
                    self.speak(.alive, sessionID, generation)
                }
            }, sessionID: sessionID, generation: generation)
    }

    /// Yields `event` on the connection if it is still the session's current one and not silent.
    @discardableResult
    func speak(_ event: EngineEvent, _ sessionID: UUID, _ generation: UUID) -> Bool {
        guard let connection = current(sessionID, generation), !connection.silent else { return false }
        connection.continuation.yield(event)
        return true
    }

    func current(_ sessionID: UUID, _ generation: UUID? = nil) -> Connection? {
        connections.withLock { all in
            all[sessionID].flatMap { generation == nil || $0.generation == generation ? $0 : nil }
        }
    }

    /// Leaves the QR phase; the connection's generation, or nil when the session was not waiting.
    func stopWaiting(_ sessionID: UUID) -> UUID? {
        connections.withLock { all in
            guard var connection = all[sessionID], connection.waiting else { return nil }
            connection.waiting = false
            connection.pairing = nil
            all[sessionID] = connection
            return connection.generation
        }
    }

    /// Forgets the session's connection (only `generation`'s, when given) and returns it.
    func remove(_ sessionID: UUID, generation: UUID? = nil) -> Connection? {
        connections.withLock { all in
            guard let connection = all[sessionID], generation == nil || connection.generation == generation else {
                return nil
            }
            return all.removeValue(forKey: sessionID)
        }
    }

    /// Stops a removed connection's tasks and ends its stream (outside the lock: finishing calls
    /// `onTermination`, which takes it).
    func end(_ connection: Connection?, finish: Bool = true) {
        guard let connection else { return }
        for task in connection.tasks { task.cancel() }
        if finish { connection.continuation.finish() }
    }

    /// Ties `task` to the connection so that closing it cancels the task.
    private func adopt(_ task: Task<Void, Never>, sessionID: UUID, generation: UUID) {
        let kept = connections.withLock { all in
            guard all[sessionID]?.generation == generation else { return false }
            all[sessionID]?.tasks.append(task)
            return true
        }
        if !kept { task.cancel() }
    }

    // MARK: - Emulated WhatsApp data

    /// `ref,noiseKey,identityKey,advSecret` as WhatsApp Web encodes them (a `2@…` ref, then base64 of 32 bytes).
    static func qrString() -> String {
        "2@\(base64(24)),\(base64(32)),\(base64(32)),\(base64(32))"
    }

    /// The auth state a pairing leaves: enough to resume as `phone`.
    static func authState(phone: String) -> [UInt8] {
        Array(#"{"engine":"sandbox","phone":"\#(phone)","secret":"\#(base64(32))"}"#.utf8)
    }

    private static func base64(_ count: Int) -> String {
        Data((0..<count).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    private static func phone(in authState: [UInt8]) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(authState)) as? [String: Any]
        return object?["phone"] as? String
    }
}
