import Foundation
import Hummingbird
import HuntStore
import JobRuntime
import Outbox

/// Hunts, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `POST /api/hunts` (``HuntRequest``) → 201 ``HuntResource`` (`active`); 422 naming every bad field
///   (``HuntValidation``), templates included;
/// - `GET /api/hunts?limit=&after=` → ``HuntPage``, oldest first; `GET /api/hunts/{id}`;
/// - `GET /api/hunts/{id}/stats` → ``HuntStatsResource``;
/// - `PATCH /api/hunts/{id}` (``HuntPatch``) → the hunt; `POST /api/hunts/{id}/pause`, `…/resume` → the hunt;
/// - `POST /api/hunts/{id}/run` → 202 `{jobId}`: runs it now (409 when paused); the day's messages are made
///   once whatever the number of runs (their idempotency keys);
/// - `DELETE /api/hunts/{id}` → 204.
///
/// Another account's hunt answers 404 like a missing one.
struct HuntController: Sendable {
    let hunts: HuntRepository
    let templates: TemplateStore
    /// Where `POST /api/hunts/{id}/run` enqueues the run.
    let runs: JobQueue
    let stats: HuntStatsStore
    let runReports: HuntRunStore

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("hunts") { request, context in
            let definition = try await request.decodeStrict(HuntRequest.self, context: context).definition
            try await check(definition, context)
            let hunt = try await hunts.create(accountID: context.accountID, definition)
            var response = try Response.json(HuntResource(hunt), status: .created)
            response.headers[.location] = "/api/hunts/\(hunt.id.uuidString.lowercased())"
            return response
        }
        group.get("hunts") { request, context in
            let limit = try AdminParameters.limit(request)
            let after = request.uri.queryParameters.get("after").flatMap { UUID(uuidString: String($0)) }
            let page = try await hunts.list(accountID: context.accountID, limit: limit + 1, after: after)
            let items = Array(page.prefix(limit))
            return try Response.json(
                HuntPage(
                    items: items.map(HuntResource.init),
                    next: page.count > limit ? items.last?.id.uuidString.lowercased() : nil))
        }
        group.get("hunts/:id") { _, context in try Response.json(HuntResource(try await hunt(context))) }
        group.get("hunts/:id/stats") { _, context in
            let hunt = try await hunt(context)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: hunt.definition.window?.timeZone ?? "Europe/Paris") ?? .gmt
            let dayStart = calendar.startOfDay(for: Date())
            return try Response.json(
                HuntStatsResource(
                    hunt: hunt, cells: try await stats.cells(huntID: hunt.id, dayStart: dayStart),
                    leads: try await stats.leadStages(huntID: hunt.id),
                    lastRun: try await runReports.latest(huntID: hunt.id),
                    nextRunAt: hunt.status == .active ? calendar.date(byAdding: .day, value: 1, to: dayStart) : nil))
        }
        group.patch("hunts/:id") { request, context in
            let stored = try await hunt(context)
            let patch = try await request.decodeStrict(HuntPatch.self, context: context)
            let definition = patch.merged(into: stored.definition)
            try await check(definition, context)
            guard let updated = try await hunts.update(accountID: context.accountID, id: stored.id, definition) else {
                throw Self.unknownHunt
            }
            return try Response.json(HuntResource(updated))
        }
        for (action, status) in [("pause", Hunt.Status.paused), ("resume", .active)] {
            group.post("hunts/:id/\(action)") { _, context in
                guard let id = Self.id(context),
                    let hunt = try await hunts.setStatus(accountID: context.accountID, id: id, status)
                else { throw Self.unknownHunt }
                return try Response.json(HuntResource(hunt))
            }
        }
        group.post("hunts/:id/run") { _, context in
            let hunt = try await hunt(context)
            guard hunt.status == .active else {
                throw ProblemDetails(
                    status: .conflict, type: "urn:auto-prospect:problem:hunt-paused",
                    detail: "The hunt is paused; resume it to run it.")
            }
            let id = "hunt-\(hunt.id.uuidString.lowercased())-run-\(UUID().uuidString.lowercased())"
            _ = try await runs.enqueue(HuntRunJob(accountId: context.accountID, huntId: hunt.id).request(id: id))
            return try Response.json(["jobId": id, "queue": "hunt"], status: .accepted)
        }
        group.delete("hunts/:id") { _, context in
            guard let id = Self.id(context), try await hunts.delete(accountID: context.accountID, id: id) else {
                throw Self.unknownHunt
            }
            return Response(status: .noContent)
        }
    }

    /// 422 unless `definition` holds, with the templates its steps name looked up in the account.
    private func check(_ definition: HuntDefinition, _ context: AccountRequestContext) async throws {
        var found: [UUID: MessageTemplate] = [:]
        for text in Set(definition.steps.flatMap { $0.templateSets.flatMap(\.values) }) {
            if let id = UUID(uuidString: text),
                let template = try await templates.find(accountID: context.accountID, id: id)
            {
                found[id] = template
            }
        }
        let errors = HuntValidation.errors(definition, templates: found)
        guard errors.isEmpty else { throw StrictJSON.invalid(errors) }
    }

    private func hunt(_ context: AccountRequestContext) async throws -> Hunt {
        guard let id = Self.id(context), let hunt = try await hunts.find(accountID: context.accountID, id: id) else {
            throw Self.unknownHunt
        }
        return hunt
    }

    private static func id(_ context: AccountRequestContext) -> UUID? {
        AdminParameters.path("id", context).flatMap(UUID.init(uuidString:))
    }

    private static let unknownHunt = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-hunt",
        detail: "This account has no hunt with this id.")
}
