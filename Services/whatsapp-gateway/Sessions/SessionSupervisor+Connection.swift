import Foundation
import Logging

/// The life of one session's connections: open, follow the engine's events, and after a transient drop or
/// a watchdog reconnect open again through the same engine after a backoff, resuming the latest sealed auth
/// state. It stops when the session ends for good (logged out, banned, failed, QR refs ran out), is closed
/// here (stop, logout, restart, moved to another worker, the fence closed), is no longer routed here under its
/// generation, or the row refuses one of its writes.
extension SessionSupervisor {
    /// How one connection ended.
    enum Ending {
        /// For good, or closed from outside.
        case ended
        /// Dropped: open it again; `wasConnected` resets the backoff.
        case reconnect(wasConnected: Bool)
    }

    func run(_ first: SessionStore.Session, token: UUID) async {
        var session = first
        var backoff = reconnectBackoff
        while running[session.id]?.token == token {
            let engine = engines.engine(for: session.engine)
            engineOf[session.id] = engine
            let ending = await follow(session, engine.open(sessionID: session.id, authState: session.authState), token)
            guard running[session.id]?.token == token, case .reconnect(let wasConnected) = ending else { break }
            // The old connection is gone before the wait: nothing sends or answers on it meanwhile.
            connected.remove(session.id)
            engineOf[session.id] = nil
            await engine.close(sessionID: session.id)
            if wasConnected { backoff.reset() }
            guard let reloaded = await waitToReconnect(session, token, &backoff) else { break }
            session = reloaded
        }
        if running[session.id]?.token == token {
            running[session.id] = nil
            engineOf[session.id] = nil
            connected.remove(session.id)
            lastSign[session.id] = nil
            updateCount()
        }
        silenced[token] = nil
    }

    /// Applies the connection's events until it ends; a `disconnected` event or a watchdog close asks for a
    /// reconnect.
    private func follow(_ session: SessionStore.Session, _ stream: AsyncStream<EngineEvent>, _ token: UUID) async
        -> Ending
    {
        var wasConnected = false
        for await event in stream {
            guard running[session.id]?.token == token else { return .ended }
            lastSign[session.id] = .now
            do {
                guard try await whileOwned(session, { try await self.apply(event, to: session) }) else { return .ended }
            } catch {
                logger.warning(
                    "session event not recorded", metadata: ["session.id": "\(session.id)", "error": "\(error)"])
            }
            switch event {
            case .connected: wasConnected = true
            case .disconnected: return .reconnect(wasConnected: wasConnected)
            case .loggedOut, .banned, .failed, .qrExhausted: return .ended
            case .qr, .receipt, .inbound, .alive: continue
            }
        }
        guard let reason = silenced.removeValue(forKey: token), running[session.id]?.token == token else {
            return .ended
        }
        do {
            let recorded = try await whileOwned(session) {
                try await self.transition(session, to: .reconnecting, error: reason)
            }
            guard recorded else { return .ended }
        } catch {
            logger.warning("session status not recorded", metadata: ["session.id": "\(session.id)"])
        }
        return .reconnect(wasConnected: wasConnected)
    }

    /// Waits out the backoff, then reloads the session: nil when it was closed meanwhile, moved to another
    /// worker or restarted (a new generation), or is no longer `reconnecting` (a command changed it). Postgres
    /// errors wait another round.
    private func waitToReconnect(_ session: SessionStore.Session, _ token: UUID, _ backoff: inout ReconnectBackoff)
        async -> SessionStore.Session?
    {
        while true {
            let wait = backoff.next()
            logger.info(
                "session reconnects after a wait",
                metadata: ["session.id": "\(session.id)", "reconnect.wait": "\(wait)"])
            try? await Task.sleep(for: wait)
            guard !Task.isCancelled, running[session.id]?.token == token else { return nil }
            do {
                guard let reloaded = try await store.load(session.id), reloaded.generation == session.generation,
                    reloaded.status == .reconnecting
                else {
                    logger.info("session no longer reconnects here", metadata: ["session.id": "\(session.id)"])
                    return nil
                }
                return reloaded
            } catch {
                logger.warning(
                    "session not reloaded for a reconnect",
                    metadata: ["session.id": "\(session.id)", "error": "\(error)"])
            }
        }
    }

    /// The watchdog's round: closes every connected session silent for longer than ``watchdog`` (no event at
    /// all: keep-alive, receipt, message), which then reconnects like a dropped one. Returns how many.
    @discardableResult
    func reconnectSilentSessions(now: ContinuousClock.Instant = .now) async -> Int {
        var closed = 0
        for id in connected {
            guard let last = lastSign[id], now - last >= watchdog, let token = running[id]?.token,
                let engine = engineOf[id]
            else { continue }
            silenced[token] = "no sign of life for \(Self.seconds(watchdog)) s"
            connected.remove(id)
            logger.warning("session silent; reconnecting", metadata: ["session.id": "\(id)"])
            await engine.close(sessionID: id)
            closed += 1
        }
        return closed
    }

    /// `300`, `2.5`: a duration in seconds as people write it.
    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%g", seconds)
    }
}
