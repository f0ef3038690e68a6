import Foundation
import Hummingbird
import HuntStore

/// Leads, under `/api` (behind ``AccountAuthMiddleware``). Hunt runs make them; a person can too:
///
/// - `POST /api/leads {adId, huntId?}` → 201 ``LeadResource`` (`new`), 200 with the existing one (one lead per
///   account and ad); 404 for an ad or hunt the account does not have;
/// - `GET /api/leads?stage=&huntId=&limit=&after=` → ``LeadPage``, newest first; `GET /api/leads/{id}` with its
///   activities;
/// - `POST /api/leads/{id}/stage {stage, note?}` → the lead; 409 `invalid-stage-change` for a move back or out of
///   a final stage (``LeadStage/mayMove(to:)``);
/// - `POST /api/leads/{id}/notes {text}` → 201.
///
/// Every change is an activity. Another account's lead answers 404 like a missing one.
struct LeadController: Sendable {
    let leads: LeadStore
    let hunts: HuntRepository

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("leads") { request, context in
            let body = try await request.decodeStrict(OpenLeadRequest.self, context: context)
            var huntID: UUID?
            if let text = body.huntId {
                guard let id = UUID(uuidString: text), try await hunts.find(accountID: context.accountID, id: id) != nil
                else { throw Self.notFound("hunt") }
                huntID = id
            }
            switch try await leads.open(accountID: context.accountID, ad: body.adId, huntID: huntID) {
            case .created(let lead): return try Response.json(LeadResource(lead), status: .created)
            case .existing(let lead): return try Response.json(LeadResource(lead))
            case nil: throw Self.notFound("ad")
            }
        }
        group.get("leads") { request, context in
            let query = request.uri.queryParameters
            let limit = try AdminParameters.limit(request)
            var errors: [ProblemDetails.FieldError] = []
            let stage = query.get("stage").flatMap { LeadStage(rawValue: String($0)) }
            if query.get("stage") != nil, stage == nil {
                errors.append(.init(field: "stage", message: "unknown stage"))
            }
            let hunt = query.get("huntId").flatMap { UUID(uuidString: String($0)) }
            if query.get("huntId") != nil, hunt == nil {
                errors.append(.init(field: "huntId", message: "must be a hunt id"))
            }
            guard errors.isEmpty else { throw StrictJSON.invalid(errors) }
            let after = query.get("after").flatMap { UUID(uuidString: String($0)) }
            let page = try await leads.list(
                accountID: context.accountID, stage: stage, huntID: hunt, limit: limit + 1, after: after)
            let items = Array(page.prefix(limit))
            return try Response.json(
                LeadPage(
                    items: items.map { LeadResource($0) },
                    next: page.count > limit ? items.last?.id.uuidString.lowercased() : nil))
        }
        group.get("leads/:id") { _, context in
            let lead = try await lead(context)
            return try Response.json(LeadResource(lead, activities: try await leads.activities(leadID: lead.id)))
        }
        group.post("leads/:id/stage") { request, context in
            guard let id = Self.id(context) else { throw Self.notFound("lead") }
            let body = try await request.decodeStrict(LeadStageRequest.self, context: context)
            let stage = LeadStage(rawValue: body.stage) ?? .new
            switch try await leads.move(accountID: context.accountID, id: id, to: stage, note: body.note) {
            case .changed(let lead): return try Response.json(LeadResource(lead))
            case .refused(let current):
                throw ProblemDetails(
                    status: .conflict, type: "urn:auto-prospect:problem:invalid-stage-change",
                    detail: "A lead at stage \(current.rawValue) cannot move to \(stage.rawValue).")
            case .notFound: throw Self.notFound("lead")
            }
        }
        group.post("leads/:id/notes") { request, context in
            guard let id = Self.id(context) else { throw Self.notFound("lead") }
            let body = try await request.decodeStrict(LeadNoteRequest.self, context: context)
            guard try await leads.note(accountID: context.accountID, id: id, text: body.text) else {
                throw Self.notFound("lead")
            }
            return Response(status: .created)
        }
    }

    private func lead(_ context: AccountRequestContext) async throws -> Lead {
        guard let id = Self.id(context), let lead = try await leads.find(accountID: context.accountID, id: id) else {
            throw Self.notFound("lead")
        }
        return lead
    }

    private static func id(_ context: AccountRequestContext) -> UUID? {
        AdminParameters.path("id", context).flatMap(UUID.init(uuidString:))
    }

    private static func notFound(_ what: String) -> ProblemDetails {
        ProblemDetails(
            status: .notFound, type: "urn:auto-prospect:problem:unknown-\(what)",
            detail: "This account has no \(what) with this id.")
    }
}
