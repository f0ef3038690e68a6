import Foundation
import Redis
import TestSupport
import Testing

/// What happens to a WhatsApp session after it connected, with real processes (gateway, whatsapp-gateway,
/// Redis, Postgres) and the admin sandbox phone: a dropped connection is reopened with backoff on its sealed
/// auth state, a logged-out or banned one drops its credentials and stays down, a silent one is reconnected by
/// the watchdog while keep-alives keep a healthy one up; linking by pairing code; messages from contacts
/// published on `inbound`.
@Suite(.timeLimit(.minutes(3))) struct SessionRecoveryProcessTests {
    /// curl following the session's Server-Sent Events for `seconds` into a file (read it after `exited()`).
    private func followEvents(_ id: String, key: String, port: Int, seconds: Int) throws -> (ChildProcess, URL) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sse-\(id).txt")
        let curl = try ChildProcess(
            executable: "/usr/bin/curl",
            arguments: [
                "-sN", "--max-time", "\(seconds)", "-H", "Authorization: Bearer \(key)",
                "http://127.0.0.1:\(port)/api/sessions/\(id)/events",
            ], logPath: output.path)
        return (curl, output)
    }

    @Test func aDroppedConnectionIsReopenedWithItsAuthStateAndEveryStepIsPublished() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let probe = SessionProbe(port: port, environment: environment)
            let (worker, _) = try await probe.startWorker(["AP_WA_RECONNECT_BASE_SECONDS": "2"])
            let key = try await probe.account()
            let (id, phone) = try await probe.connectedSession(key: key, name: "flaky")
            #expect(try await probe.sealedAuth(id) != nil)

            // Bad input and the wrong credentials are refused before anything reaches the worker.
            let badKind = try await probe.phone("disconnect", id, json: ["kind": "flaky"])
            #expect(badKind.status == 422)
            #expect(SessionProbe.object(badKind)["type"] as? String == "urn:auto-prospect:problem:validation")
            #expect(try await probe.phone("disconnect", id, json: [:]).status == 422)
            #expect(try await probe.phone("disconnect", id, json: ["kind": "transient", "x": 1]).status == 400)
            #expect(try await probe.phone("disconnect", id, json: ["kind": "transient"], bearer: key).status == 401)
            #expect(try await probe.phone("disconnect", UUID().uuidString, json: ["kind": "transient"]).status == 404)
            let waiting = try await probe.waitingSession(key: key, name: "not-yet")
            let notConnected = try await probe.phone("disconnect", waiting, json: ["kind": "transient"])
            #expect(notConnected.status == 409)
            #expect(
                SessionProbe.object(notConnected)["type"] as? String
                    == "urn:auto-prospect:problem:session-not-connected")

            let (curl, output) = try followEvents(id, key: key, port: port, seconds: 12)
            defer { try? FileManager.default.removeItem(at: output) }
            // The first event is written after the stream subscribed: from then on nothing is missed.
            #expect(try await eventually(timeout: .seconds(20)) { SessionProcessTests.hasFirstEvent(output) })

            // The connection drops: reconnecting with the reason, then connected again as the same phone
            // (resumed from the sealed auth state: a new pairing would have another number, and no scan came).
            let dropped = ContinuousClock.now
            #expect(try await probe.phone("disconnect", id, json: ["kind": "transient"]).status == 202)
            let reconnecting = try await probe.session(id, key: key, is: "reconnecting")
            #expect(reconnecting["lastError"] as? String == "connection lost (sandbox)")
            let back = try await probe.session(id, key: key, is: "connected")
            let downtime = ContinuousClock.now - dropped
            #expect(back["phone"] as? String == phone)
            #expect(back["lastError"] == nil || back["lastError"] is NSNull)
            #expect(try await probe.sealedAuth(id) != nil)
            // The first wait is the base (2 s) less at most 20 % jitter.
            #expect(downtime >= .milliseconds(1_600) && downtime < .seconds(10), "\(downtime)")

            // A connection resets the backoff: a second drop waits the base again (1.6–2 s), not twice it
            // (3.2–4 s).
            let second = ContinuousClock.now
            #expect(try await probe.phone("disconnect", id, json: ["kind": "transient"]).status == 202)
            try await probe.session(id, key: key, is: "reconnecting")
            let again = try await probe.session(id, key: key, is: "connected")
            #expect(again["phone"] as? String == phone)
            #expect(ContinuousClock.now - second < .seconds(3), "\(ContinuousClock.now - second)")

            // Every step went out as an event, in order.
            _ = await curl.exited()
            let stream = try String(contentsOf: output, encoding: .utf8)
            let reconnectingEvent = try #require(stream.range(of: #""status":"reconnecting""#))
            #expect(stream.contains(#""error":"connection lost (sandbox)""#))
            let reconnected = try #require(stream.range(of: #""status":"connected""#, options: .backwards))
            #expect(reconnectingEvent.lowerBound < reconnected.lowerBound)

            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func loggedOutAndBannedSessionsDropTheirAuthStateAndNeverReconnect() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let probe = SessionProbe(port: port, environment: environment)
            let (worker, workerID) = try await probe.startWorker(["AP_WA_RECONNECT_BASE_SECONDS": "2"])
            let key = try await probe.account()
            let unlinked = try await probe.connectedSession(key: key, name: "unlinked").id
            let banned = try await probe.connectedSession(key: key, name: "banned").id
            let droppedThenLoggedOut = try await probe.connectedSession(key: key, name: "dropped").id
            for id in [unlinked, banned, droppedThenLoggedOut] { #expect(try await probe.sealedAuth(id) != nil) }

            #expect(try await probe.phone("disconnect", unlinked, json: ["kind": "loggedOut"]).status == 202)
            #expect(try await probe.phone("disconnect", banned, json: ["kind": "banned"]).status == 202)
            let first = try await probe.session(unlinked, key: key, is: "logged_out")
            #expect(first["lastError"] as? String == "the phone unlinked this device (sandbox)")
            let second = try await probe.session(banned, key: key, is: "logged_out")
            #expect((second["lastError"] as? String)?.hasPrefix("banned: ") == true)

            // A logout while the worker waits to reconnect ends the reconnect too.
            #expect(
                try await probe.phone("disconnect", droppedThenLoggedOut, json: ["kind": "transient"]).status == 202)
            try await probe.session(droppedThenLoggedOut, key: key, is: "reconnecting")
            let logout = try await HTTPProbe.send(
                "POST", port: port, path: "/api/sessions/\(droppedThenLoggedOut)/logout", bearer: key)
            #expect(logout.status == 202)
            let third = try await probe.session(droppedThenLoggedOut, key: key, is: "logged_out")
            #expect(third["lastError"] as? String == "logged out on request")

            // Longer than the 2 s backoff: nothing came back, the credentials are gone, no slot is held.
            try await Task.sleep(for: .seconds(4))
            for id in [unlinked, banned, droppedThenLoggedOut] {
                let now = SessionProbe.object(
                    try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)", bearer: key))
                #expect(now["status"] as? String == "logged_out", "\(id)")
                #expect(try await probe.sealedAuth(id) == nil, "\(id)")
            }
            _ = try await WorkerProcessTests.worker(workerID, port: port) { $0["sessions"] as? Int == 0 }
            // The phone cannot talk to them any more.
            #expect(try await probe.phone("disconnect", banned, json: ["kind": "transient"]).status == 409)

            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }

    @Test func theWatchdogReconnectsASilentSessionWhileKeepAlivesHoldAHealthyOne() async throws {
        try await WorkerProcessTests.withGateway { port, environment in
            let probe = SessionProbe(port: port, environment: environment)
            let (worker, _) = try await probe.startWorker([
                "AP_WA_WATCHDOG_SECONDS": "2", "AP_WA_SANDBOX_KEEPALIVE_SECONDS": "0.3",
                "AP_WA_RECONNECT_BASE_SECONDS": "1",
            ])
            let key = try await probe.account()
            let healthy = try await probe.connectedSession(key: key, name: "healthy").id
            let (silent, phone) = try await probe.connectedSession(key: key, name: "silent")

            // Twice the watchdog's timeout: keep-alives are signs of life, so both stay connected.
            var statuses: Set<String> = []
            let calm = ContinuousClock.now + .seconds(4)
            while ContinuousClock.now < calm {
                for id in [healthy, silent] {
                    let now = SessionProbe.object(
                        try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)", bearer: key))
                    statuses.insert(now["status"] as? String ?? "?")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(statuses == ["connected"])

            // Silent: no keep-alive comes through; after the timeout the watchdog closes and reopens it.
            let muted = ContinuousClock.now
            #expect(try await probe.phone("disconnect", silent, json: ["kind": "silent"]).status == 202)
            let reconnecting = try await probe.session(silent, key: key, is: "reconnecting")
            let noticed = ContinuousClock.now - muted
            #expect(reconnecting["lastError"] as? String == "no sign of life for 2 s")
            #expect(noticed >= .milliseconds(1_500) && noticed < .seconds(10), "\(noticed)")
            let back = try await probe.session(silent, key: key, is: "connected")
            #expect(back["phone"] as? String == phone)

            // The reopened connection is a healthy one again, and the other session never moved.
            try await Task.sleep(for: .seconds(3))
            for id in [healthy, silent] {
                let now = SessionProbe.object(
                    try await HTTPProbe.get(port: port, path: "/api/sessions/\(id)", bearer: key))
                #expect(now["status"] as? String == "connected", "\(id)")
            }

            worker.signal(SIGTERM)
            _ = try await worker.waitForExit(timeout: .seconds(15))
        }
    }
}
