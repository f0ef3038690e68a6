import Cryptography
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
/// stopped`): the row's status, the QR and pairing-code keys in Redis (TTL = their remaining life), the
/// sealed auth state, and one event per transition on `events`. A dropped connection is reopened with
/// backoff and a silent one by the watchdog (`SessionSupervisor+Connection.swift`). QR strings and pairing
/// codes are never logged.
///
/// One owner per session: each open session remembers the ownership generation it was started with, and every
/// write it makes is conditional on it (``SessionStore``); a refused write closes the session here. Sessions
/// run and send only while the ``HeartbeatFence`` says the gateway surely counts this worker alive
/// (`SessionSupervisor+Fencing.swift`).
actor SessionSupervisor {
    let store: SessionStore
    let redis: any RedisClient
    let keys: SessionKeys
    let events: JobQueue
    /// Where inbound messages go (`whatsapp.received`), for the hunt orchestrator and customers.
    let inbound: JobQueue
    let engines: WhatsAppEngines
    let messages: MessageRepository
    let messageEvents: MessageEventPublisher
    /// The waits between reconnects of a session (each session counts its own failures).
    let reconnectBackoff: ReconnectBackoff
    /// How long a connected session may stay silent before the watchdog reconnects it.
    let watchdog: Duration
    let logger: Logger
    /// Sessions connected right now (they can send).
    var connected: Set<UUID> = []
    /// When each open session last showed a sign of life (any engine event), for the watchdog.
    var lastSign: [UUID: ContinuousClock.Instant] = [:]
    /// The engine each session has a connection on (none while it waits to reconnect).
    var engineOf: [UUID: any WhatsAppEngine] = [:]
    /// The open sessions: each follower task with a token telling it from a later one for the same id, and the
    /// ownership generation it was started with.
    var running: [UUID: (token: UUID, generation: Int64, task: Task<Void, Never>)] = [:]
    /// Connections the watchdog closed, by follower token: the reason their session reconnects.
    var silenced: [UUID: String] = [:]
    /// Whether the gateway surely counts this worker alive, so that its sessions may run.
    var fence = HeartbeatFence()
    /// The fence opened but the sessions routed here are not all reopened yet (retried at the next heartbeat).
    var resumePending = false
    private nonisolated let runningCount = Mutex(0)

    init(
        store: SessionStore, redis: any RedisClient, keys: SessionKeys, events: JobQueue, inbound: JobQueue,
        engines: WhatsAppEngines, messages: MessageRepository, reconnectBackoff: ReconnectBackoff = ReconnectBackoff(),
        watchdog: Duration = .seconds(300), logger: Logger
    ) {
        self.messages = messages
        self.messageEvents = MessageEventPublisher(queue: events, logger: logger)
        self.store = store
        self.redis = redis
        self.keys = keys
        self.events = events
        self.engines = engines
        self.inbound = inbound
        self.reconnectBackoff = reconnectBackoff
        self.watchdog = watchdog
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
        case .pairingCode: try await pairingCode(id, phoneNumber: command.argument?.phoneNumber)
        case .pair, .inbound, .disconnect: await playPhone(command)
        }
    }

    /// Whether the session is open and connected on this worker under the generation `session` was loaded
    /// with, and the fence lets it send.
    func isConnected(_ session: SessionStore.Session) -> Bool {
        connected.contains(session.id) && running[session.id]?.generation == session.generation
            && fence.allowsSessions(at: .now)
    }

    /// Sends through the session's engine (``WhatsAppSendHandler`` checked it is connected), only while it
    /// still runs here under `session`'s generation and the fence is open.
    func send(_ session: SessionStore.Session, _ message: OutgoingWhatsApp) async -> EngineSendResult {
        guard isConnected(session), let engine = engineOf[session.id] else {
            return .transientFailure(
                code: "not_open", reason: "the session is not open on this worker", retryAfter: .seconds(2),
                rateLimited: false)
        }
        return await engine.send(sessionID: session.id, message)
    }

    /// Whether an earlier attempt of `message` reached the provider (after a crash between the send and its
    /// record); see ``WhatsAppEngine/lookup(sessionID:_:since:messageID:)``.
    func lookup(_ id: UUID, _ message: OutgoingWhatsApp, since: Date, messageID: UUID) async -> EngineLookupResult {
        guard let engine = engineOf[id] else { return .pending }
        return await engine.lookup(sessionID: id, message, since: since, messageID: messageID)
    }

    /// Closes the sessions this worker runs but no longer owns at the generation it started them with (the
    /// gateway moved them while this worker was cut off, or restarted them), so that one session never stays
    /// open on two workers. Returns how many it closed.
    @discardableResult
    func closeLostSessions() async throws -> Int {
        let open = running.mapValues(\.generation)
        let owned = try await store.stillHere(Array(open.keys))
        var closed = 0
        for (id, generation) in open where owned[id] != generation && running[id]?.generation == generation {
            await close(id)
            closed += 1
            logger.warning("session moved to another worker; closed here", metadata: ["session.id": "\(id)"])
        }
        updateCount()
        return closed
    }

    /// Opens every session routed here that should be running and is not open (once this worker is
    /// registered, after a start or after the fence closed). Each is tried; the first failure is thrown.
    func resumeRoutedSessions() async throws {
        var failure: (any Error)?
        for id in try await store.routedHere() where running[id] == nil {
            do {
                try await start(id)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
    }

    /// Opens (or reopens) the session, resuming its sealed auth state. A session whose auth state this worker
    /// cannot open (sealed with a key it lacks) is marked `failed` with the reason, not retried.
    ///
    /// - Throws: `JobFailure.rateLimited` while the fence is closed: the command waits for an accepted heartbeat
    ///   without using an attempt.
    func start(_ id: UUID) async throws {
        guard fence.allowsSessions(at: .now) else {
            throw JobFailure.rateLimited(retryAfter: .seconds(1))
        }
        await close(id)
        updateCount()
        let loaded: SessionStore.Session?
        do {
            loaded = try await store.load(id)
        } catch let error as CryptographyError {
            logger.error("session auth state cannot be opened", metadata: ["session.id": "\(id)", "error": "\(error)"])
            try await store.markUnopenable(id, error: "its auth state cannot be opened with this worker's keys")
            return
        }
        guard let session = loaded else {
            logger.info("session not routed to this worker, ignored", metadata: ["session.id": "\(id)"])
            return
        }
        // The row's generation is this start's: a newer move or restart since then refuses the write.
        guard try await whileOwned(session, { try await self.transition(session, to: .starting) }) else { return }
        // A code or QR of the previous connection would not pair the new one.
        try await dropKeys(id)
        // The fence may have closed while this start waited on the stores.
        guard fence.allowsSessions(at: .now) else { throw JobFailure.rateLimited(retryAfter: .seconds(1)) }
        let token = UUID()
        running[id] = (token, session.generation, Task { await self.run(session, token: token) })
        updateCount()
    }

    /// Unlinks the device (while its connection is open), stops following the session (and any reconnect it
    /// waits for), then drops its auth state and marks it logged out unless the engine's own `loggedOut`
    /// event got there first.
    func logout(_ id: UUID) async throws {
        await engineOf[id]?.logout(sessionID: id)
        await close(id)
        updateCount()
        guard let session = try await store.load(id), session.status != .loggedOut else { return }
        try await dropKeys(id)
        try await store.saveAuth(session, nil)
        try await transition(session, to: .loggedOut, error: "logged out on request")
    }

    /// Closes the session and keeps its auth state.
    func stop(_ id: UUID) async throws {
        await close(id)
        updateCount()
        try await dropKeys(id)
        if let session = try await store.load(id) { try await transition(session, to: .stopped) }
    }

    /// Stops following the session (its follower and any reconnect it waits for), then closes the connection;
    /// its row and auth state stay as they are.
    func close(_ id: UUID) async {
        connected.remove(id)
        lastSign[id] = nil
        running.removeValue(forKey: id)?.task.cancel()
        if let engine = engineOf.removeValue(forKey: id) { await engine.close(sessionID: id) }
    }

    /// Deletes the session's QR and pairing-code keys (it no longer waits for pairing).
    func dropKeys(_ id: UUID) async throws {
        // Two DELs, not one: the keys hash to different cluster slots.
        for reply in try await redis.pipeline([
            RedisCommand("DEL", keys.qr(id)), RedisCommand("DEL", keys.pairingCode(id)),
        ]) {
            try reply.orThrow()
        }
    }

    func updateCount() {
        let count = running.count
        runningCount.withLock { $0 = count }
    }
}
