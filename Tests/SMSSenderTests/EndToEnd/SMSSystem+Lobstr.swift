import Foundation
import OutboundHTTP
import TestSupport

/// The hunt side of the system: a `hunt-orchestrator` process beside the gateway, Lobstr's webhook as Lobstr
/// calls it, and a look at the ingested ads in Postgres.
extension SMSSystem {
    static let lobstrKey = "e2e-lobstr-key"

    /// Starts a `hunt-orchestrator` reading Lobstr at `lobstrURL` (`…/v1`), once it is up.
    func startHuntOrchestrator(lobstrURL: String, overrides: [String: String] = [:]) async throws -> ServiceProcess {
        audit.secret(Self.lobstrKey, kind: "the Lobstr key")
        return try await startWorker(
            "hunt-orchestrator",
            settings: [
                "AP_LOBSTR_BASE_URL": lobstrURL, "AP_PROVIDER_TIMEOUT_SECONDS": "2",
                "AP_VISIBILITY_TIMEOUT_SECONDS": "3",
            ], overrides: overrides)
    }

    /// Stores the Lobstr key through the API; returns the webhook path (with its token) the answer gives.
    func connectLobstr(_ account: Account) async throws -> String {
        let reply = try await call(
            .put, "/api/channels/lobstr/credentials", bearer: account.key, json: ["apiKey": Self.lobstrKey])
        guard reply.status == 200, let url = reply.json["webhookUrl"] as? String, url.hasPrefix(Self.publicURL) else {
            throw Failure("lobstr credentials: \(reply.status)")
        }
        let path = String(url.dropFirst(Self.publicURL.count))
        if let token = path.split(separator: "=").last { audit.secret(String(token), kind: "the Lobstr webhook token") }
        return path
    }

    /// Posts a Lobstr run event to `path` as Lobstr does.
    func lobstrEvent(_ path: String, run: String, event: String, squid: String = "squid-lyon") async throws -> Reply {
        try await call(
            .post, path,
            json: [
                "id": run, "object": "run", "event": event, "squid": ["id": squid, "name": "Voitures Lyon"],
                "timestamp": "2025/06/18 17:32:31",
            ])
    }

    /// Runs `sql` in this system's schema and returns its rows' first column as text.
    func column(_ sql: String) async throws -> [String?] {
        var values: [String?] = []
        try await Self.administer { connection in
            try await connection.execute("set search_path to \(schema)")
            values = try await connection.query(sql).map { try $0.decode(String?.self, at: 0) }
        }
        return values
    }
}
