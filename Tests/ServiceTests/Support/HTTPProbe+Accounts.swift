import Foundation
import Testing

extension HTTPProbe {
    /// The reply's body as a JSON object (empty when it is not one).
    static func object(_ reply: Reply) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] ?? [:]
    }

    /// A new account made through a running gateway's admin API, with an API key and `credits` per channel:
    /// (account id, API key).
    static func account(port: Int, name: String = "process-test", credits: [String: Int] = [:]) async throws
        -> (String, String)
    {
        let admin = WorkerProcessTests.adminSecret
        let created = object(
            try await send("POST", port: port, path: "/api/admin/accounts", bearer: admin, json: ["name": name]))
        let id = try #require(created["id"] as? String)
        let key = try #require(
            object(
                try await send(
                    "POST", port: port, path: "/api/admin/accounts/\(id)/api-keys", bearer: admin, json: ["name": "k"])
            )["key"] as? String)
        for (channel, amount) in credits.sorted(by: { $0.key < $1.key }) {
            let credited = try await send(
                "POST", port: port, path: "/api/admin/accounts/\(id)/credits", bearer: admin,
                json: ["channel": channel, "amount": amount])
            #expect(credited.status == 200)
        }
        return (id, key)
    }
}
