import Foundation
import LocalStubServer
import TestSupport
import Testing

/// Ads from Lobstr through the real `gateway` and `hunt-orchestrator` executables and a Lobstr stub: the
/// webhook's token, `run.done` once per run, `run.error` recorded, three pages of results paged at Lobstr's
/// 2 requests a second through a 500 and a 429, and a SIGKILL of the orchestrator while a page is in flight:
/// every ad stored once, no stored page fetched again, the hunt fed by the squid scanned.
@Suite(.serialized, .timeLimit(.minutes(3))) struct LobstrIngestionEndToEndTests {
    @Test func threePagesOfResultsBecomeAdsOnceThroughA500A429AndASIGKILL() async throws {
        let lobstr = LobstrStub(apiKey: SMSSystem.lobstrKey)
        await lobstr.addRun("run-1", results: 243)
        await lobstr.script(page: 2, [.serverError, .tooManyRequests(retryAfter: 1)])
        await lobstr.script(page: 3, [.slow(.seconds(4))])
        try await LocalStubServer.run(router: lobstr.router()) { server in
            try await SMSSystem.run(stub: SMSEndToEndTests.stub(), stubURL: server.baseURL) { system in
                let account = try await system.makeAccount(twilio: false, smsMobileAPI: false)
                let hook = try await system.connectLobstr(account)
                _ = try await system.column(
                    "insert into hunts (account_id, name, squid_id) values ('\(account.id)', 'Lyon', 'squid-lyon') returning id::text"
                )

                // The token is the only proof the call is Lobstr's.
                let unsigned = String(hook.split(separator: "?").first ?? "")
                #expect(try await system.lobstrEvent(unsigned, run: "run-1", event: "run.done").status == 403)
                let forged = hook.replacingOccurrences(of: "token=", with: "token=0")
                #expect(try await system.lobstrEvent(forged, run: "run-1", event: "run.done").status == 403)
                #expect(try await system.lobstrEvent(hook, run: "run-1", event: "run.running").status == 202)
                #expect(try await system.column("select count(*)::text from lobstr_runs") == ["0"])

                var orchestrator = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"))
                for _ in 0..<2 {
                    #expect(try await system.lobstrEvent(hook, run: "run-1", event: "run.done").status == 202)
                }
                // Kill the orchestrator while Lobstr holds page 3 (pages 1 and 2 stored; p1, p2 500, p2 429, p2, p3).
                try await eventuallyTrue(timeout: .seconds(60)) {
                    let served = await lobstr.served.count
                    let requests = await lobstr.requests
                    return served >= 2 && requests >= 5
                }
                try await Task.sleep(for: .milliseconds(500))
                orchestrator.signal(SIGKILL)
                _ = try await orchestrator.waitForExit(timeout: .seconds(20))
                #expect(try await system.column("select next_page::text from lobstr_runs") == ["3"])
                orchestrator = try await system.startHuntOrchestrator(lobstrURL: server.url("/v1"))

                try await eventuallyTrue(timeout: .seconds(60)) {
                    try await system.column("select status from lobstr_runs where run_id = 'run-1'") == ["done"]
                }
                #expect(try await system.column("select count(*)::text from ads") == ["243"])
                #expect(try await system.column("select ingested::text from lobstr_runs") == ["243"])
                let served = await lobstr.served
                #expect(served.filter { $0 == 1 }.count == 1 && served.filter { $0 == 2 }.count == 1, "\(served)")
                #expect(await lobstr.rateLimited >= 1)
                #expect(try await system.column("select (last_scan_at is not null)::text from hunts") == ["true"])

                // One ad, field by field.
                let ad = try await system.column(
                    """
                    select concat_ws('|', phone, phone_is_mobile, no_salesmen, brand, model, model_year, entry_year,
                        mileage, price, is_low_price, price_has_dropped, has_been_reposted, latitude, array_length(pictures, 1),
                        raw->>'annonce_id')
                    from ads where annonce_id = '2700000011'
                    """)
                #expect(
                    ad == [
                        "+33612000011|t|f|Peugeot|208|2019|2019|85000|6110|t|t|f|45.7597|2|2700000011"
                    ])
                #expect(
                    try await system.column("select count(*)::text from ads where phone is null") == ["24"],
                    "every 10th result has no phone")
                #expect(
                    try await system.column(
                        "select count(*)::text from ads where phone like '+334%' and not phone_is_mobile") == ["32"],
                    "every 7th is a landline, not a mobile")

                // A repeated run.done after ingestion fetches nothing; run.error is recorded.
                let requests = await lobstr.requests
                #expect(try await system.lobstrEvent(hook, run: "run-1", event: "run.done").status == 202)
                #expect(try await system.lobstrEvent(hook, run: "run-2", event: "run.error").status == 202)
                try await Task.sleep(for: .seconds(1))
                #expect(await lobstr.requests == requests)
                #expect(try await system.column("select status from lobstr_runs where run_id = 'run-2'") == ["error"])
                orchestrator.signal(SIGTERM)
                _ = try await orchestrator.waitForExit(timeout: .seconds(20))
            }
        }
    }
}
