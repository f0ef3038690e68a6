import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox
import Redis
import Synchronization

/// Runs the sessions routed to this worker: turns commands into engine calls and engine events into the
/// session state machine (`starting → qr_required → connected ⇄ reconnecting → logged_out | failed |
/// stopped`): the row's status, the QR key in Redis (TTL = the ref's remaining life), the sealed auth
/// state, and one event per transition on `events`. QR strings are never logged.
actor SessionSupervisor {
    let store: SessionStore
    let redis: RedisPool
    let keys: SessionKeys
    let events: JobQueue
    /// Where inbound messages go (`whatsapp.received`), for the hunt orchestrator and customers.
    let inbound: JobQueue
    let engines: WhatsAppEngines
    let messages: MessageRepository
    let messageEvents: MessageEventPublisher
    let logger: Logger
    /// Sessions connected right now (they can send).
    private var connected: Set<UUID> = []
    /// The engine each open session runs on.
    private var engineOf: [UUID: any WhatsAppEngine] = [:]
    /// The open sessions: each follower task with a token telling it from a later one for the same id.
    private var running: [UUID: (token: UUID, task: Task<Void, Never>)] = [:]
    private nonisolated let runningCount = Mutex(0)

    init(
        store: SessionStore, redis: RedisPool, keys: SessionKeys, events: JobQueue, inbound: JobQueue,
        engines: WhatsAppEngines, messages: MessageRepository, logger: Logger
    ) {
        self.messages = messages
        self.messageEvents = MessageEventPublisher(queue: events, logger: logger)
        self.store = store
        self.redis = redis
        self.keys = keys
        self.events = events
        self.engines = engines
        self.inbound = inbound
        self.logger = logger
    }

    /// Sessions open on this worker (for heartbeats).
    nonisolated var sessionCount: Int { runningCount.withLock { $0 } }

    func handle(_ command: SessionCommand) async throws {
        let id = command.sessionId
        switch command.action {
        case .start: try await start(id)
        case .stop: try await stop(id)
        case .logout: try await logout(id)
        case .scan: _ = await engineOf[id]?.scan(sessionID: id)
        }
    }

    /// Whether the session is open and connected on this worker.
    func isConnected(_ id: UUID) -> Bool { connected.contains(id) }

    /// Sends through the session's engine (``WhatsAppSendHandler`` checked it is connected).
    func send(_ id: UUID, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        guard let engine = engineOf[id] else {
            return .transientFailure(
                code: "not_open", reason: "the session is not open on this worker", retryAfter: .seconds(2),
                rateLimited: false)
        }
        return await engine.send(sessionID: id, message)
    }

    /// Whether an earlier attempt of `message` reached the provider (after a crash between the send and its
    /// record); see ``WhatsAppEngine/lookup(sessionID:_:since:messageID:)``.
    func lookup(_ id: UUID, _ message: OutgoingWhatsApp, since: Date, messageID: UUID) async -> EngineLookupResult {
        guard let engine = engineOf[id] else { return .pending }
        return await engine.lookup(sessionID: id, message, since: since, messageID: messageID)
    }

    /// Closes the sessions this worker runs but no longer owns (the gateway moved them while this worker
    /// was cut off), so that one session never stays open on two workers. Returns how many it closed.
    @discardableResult
    func closeLostSessions() async throws -> Int {
        let open = Array(running.keys)
        let owned = try await store.stillHere(open)
        var closed = 0
        for id in open where !owned.contains(id) {
            await close(id)
            closed += 1
            logger.warning("session moved to another worker; closed here", metadata: ["session.id": "\(id)"])
        }
        updateCount()
        return closed
    }

    /// Opens every session routed here that should be running (after this worker restarts).
    func resumeRoutedSessions() async throws {
        for id in try await store.routedHere() { try await start(id) }
    }

    /// Opens (or reopens) the session, resuming its sealed auth state.
    func start(_ id: UUID) async throws {
        await close(id)
        guard let session = try await store.load(id) else {
            logger.info("session not routed to this worker, ignored", metadata: ["session.id": "\(id)"])
            return
        }
        try await transition(session, to: .starting)
        let engine = engines.engine(for: session.engine)
        engineOf[id] = engine
        let stream = engine.open(sessionID: id, authState: session.authState)
        let token = UUID()
        running[id] = (token, Task { await self.follow(session, stream, token: token) })
        updateCount()
    }

    /// Unlinks the device; a session that is not open here is marked logged out with its auth state dropped.
    func logout(_ id: UUID) async throws {
        if let engine = engineOf[id] {
            await engine.logout(sessionID: id)
            return
        }
        guard let session = try await store.load(id) else { return }
        try await store.saveAuth(id, nil)
        try await transition(session, to: .loggedOut, error: "logged out on request")
    }

    /// Closes the session and keeps its auth state.
    func stop(_ id: UUID) async throws {
        await close(id)
        updateCount()
        _ = try await redis.send("DEL", keys.qr(id))
        if let session = try await store.load(id) { try await transition(session, to: .stopped) }
    }

    /// Closes the connection and forgets the session (its row and auth state stay as they are).
    private func close(_ id: UUID) async {
        connected.remove(id)
        if let engine = engineOf.removeValue(forKey: id) { await engine.close(sessionID: id) }
        running.removeValue(forKey: id)?.task.cancel()
    }

    private func follow(_ session: SessionStore.Session, _ stream: AsyncStream<EngineEvent>, token: UUID) async {
        for await event in stream {
            do {
                try await apply(event, to: session)
            } catch {
                logger.warning(
                    "session event not recorded", metadata: ["session.id": "\(session.id)", "error": "\(error)"])
            }
        }
        // The stream ended on its own (QR refs ran out, logged out): the session no longer runs here.
        if running[session.id]?.token == token {
            running[session.id] = nil
            engineOf[session.id] = nil
            updateCount()
        }
    }

    private func apply(_ event: EngineEvent, to session: SessionStore.Session) async throws {
        let qrKey = keys.qr(session.id)
        switch event {
        case .connected: connected.insert(session.id)
        case .receipt, .inbound: break
        default: connected.remove(session.id)
        }
        switch event {
        case .inbound(let message):
            try await publishInbound(message, session: session)
        case .failed(let reason):
            _ = try await redis.send("DEL", qrKey)
            try await transition(session, to: .failed, error: reason)
        case .receipt(let providerMessageID, let read):
            let result = try await messages.recordProviderStatus(
                provider: session.engine.rawValue, providerMessageID: providerMessageID,
                status: read ? .read : .delivered, providerCode: nil, detail: "\(session.engine.rawValue) receipt")
            if result.changed { await messageEvents.publish(result.message) }
        case .qr(let text, let life):
            let milliseconds = Int(life.components.seconds * 1000 + life.components.attoseconds / 1_000_000_000_000_000)
            _ = try await redis.send("SET", qrKey, text, "PX", max(1, milliseconds))
            try await transition(session, to: .qrRequired, qrExpiresInMs: milliseconds)
        case .qrExhausted:
            _ = try await redis.send("DEL", qrKey)
            try await transition(session, to: .failed, error: "the QR refs ran out before a scan")
        case .connected(let phone, let authState):
            _ = try await redis.send("DEL", qrKey)
            try await store.saveAuth(session.id, authState)
            try await transition(session, to: .connected, phone: phone)
        case .disconnected(let reason):
            try await transition(session, to: .reconnecting, error: reason)
        case .loggedOut(let reason):
            _ = try await redis.send("DEL", qrKey)
            try await store.saveAuth(session.id, nil)
            try await transition(session, to: .loggedOut, error: reason)
        }
    }

    /// `whatsapp.received` on `inbound`, once per provider message id.
    private func publishInbound(_ message: InboundWhatsApp, session: SessionStore.Session) async throws {
        let payload = InboundWhatsAppJob(
            sessionId: session.id.uuidString.lowercased(), accountId: session.accountID.uuidString.lowercased(),
            engine: session.engine.rawValue, from: message.from, text: message.text,
            providerMessageId: message.providerMessageID, receivedAt: Date())
        _ = try await inbound.enqueue(
            JobRequest(
                name: InboundWhatsAppJob.name, payload: payload.encoded(),
                id: InboundWhatsAppJob.jobID(engine: payload.engine, providerMessageID: message.providerMessageID),
                accountID: payload.accountId))
    }

    private func transition(
        _ session: SessionStore.Session, to status: SessionStatus, error: String? = nil, phone: String? = nil,
        qrExpiresInMs: Int? = nil
    ) async throws {
        guard try await store.setStatus(session.id, status, error: error, phone: phone) else { return }
        logger.info("session status", metadata: ["session.id": "\(session.id)", "session.status": "\(status)"])
        let event = SessionStatusEvent(
            sessionId: session.id.uuidString.lowercased(), accountId: session.accountID.uuidString.lowercased(),
            workerId: store.workerID, status: status.rawValue, error: error, phone: phone,
            qrExpiresInMs: qrExpiresInMs, at: Date())
        do {
            _ = try await events.enqueue(
                JobRequest(
                    name: qrExpiresInMs == nil ? "session.status" : "session.qr", payload: event.encoded(),
                    accountID: event.accountId))
        } catch {
            logger.warning("session event not published", metadata: ["session.id": "\(session.id)"])
        }
    }

    private func updateCount() {
        let count = running.count
        runningCount.withLock { $0 = count }
    }
}
