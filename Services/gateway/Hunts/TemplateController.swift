import Domain
import Foundation
import Hummingbird
import HuntStore

/// Message templates, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `POST /api/templates` (``TemplateRequest``) → 201 ``TemplateResource``; 422 naming every bad field, an
///   unknown placeholder by name;
/// - `GET /api/templates?channel=` → `{items: [TemplateResource]}`, oldest first;
/// - `GET /api/templates/{id}`, `PATCH /api/templates/{id}` (``TemplatePatch``), `DELETE /api/templates/{id}` (204);
/// - `POST /api/templates/{id}/preview {adId}` → ``TemplatePreview``: the text rendered against one of the
///   account's ads (its id or LeBonCoin `annonce_id`), with its SMS segments.
///
/// Another account's template or ad answers 404 like a missing one.
struct TemplateController: Sendable {
    let templates: TemplateStore
    let ads: AdPlaceholders

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("templates") { request, context in
            let fields = try await request.decodeStrict(TemplateRequest.self, context: context).checked()
            let created = try await templates.create(accountID: context.accountID, fields)
            var response = try Response.json(TemplateResource(created), status: .created)
            response.headers[.location] = "/api/templates/\(created.id.uuidString.lowercased())"
            return response
        }
        group.get("templates") { request, context in
            let channel = try request.uri.queryParameters.get("channel").map { text in
                guard let channel = Channel(rawValue: String(text)) else {
                    throw StrictJSON.invalid([.init(field: "channel", message: "must be sms, whatsapp or voice")])
                }
                return channel
            }
            let items = try await templates.list(accountID: context.accountID, channel: channel)
            return try Response.json(["items": items.map(TemplateResource.init)])
        }
        group.get("templates/:id") { _, context in
            try Response.json(TemplateResource(try await template(context)))
        }
        group.patch("templates/:id") { request, context in
            let stored = try await template(context)
            let patch = try await request.decodeStrict(TemplatePatch.self, context: context)
            let fields = try patch.merged(into: stored).checked()
            let updated = try await templates.update(accountID: context.accountID, id: stored.id, fields)
            return try Response.json(TemplateResource(updated))
        }
        group.delete("templates/:id") { _, context in
            guard let id = Self.id(context), try await templates.delete(accountID: context.accountID, id: id) else {
                throw Self.unknownTemplate
            }
            return Response(status: .noContent)
        }
        group.post("templates/:id/preview") { request, context in
            let stored = try await template(context)
            let body = try await request.decodeStrict(TemplatePreviewRequest.self, context: context)
            guard let values = try await ads.values(accountID: context.accountID, ad: body.adId) else {
                throw ProblemDetails(
                    status: .notFound, type: "urn:auto-prospect:problem:unknown-ad",
                    detail: "This account has no ad with this id.")
            }
            let text = try stored.text.map { try MessageTemplateText($0).render(values) }
            return try Response.json(
                TemplatePreview(
                    text: text, tokenAudio: stored.tokenAudio,
                    segments: stored.channel == .sms ? text.map(TemplateResource.segments) : nil))
        }
    }

    private func template(_ context: AccountRequestContext) async throws -> MessageTemplate {
        guard let id = Self.id(context), let template = try await templates.find(accountID: context.accountID, id: id)
        else { throw Self.unknownTemplate }
        return template
    }

    private static func id(_ context: AccountRequestContext) -> UUID? {
        AdminParameters.path("id", context).flatMap(UUID.init(uuidString:))
    }

    private static let unknownTemplate = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-template",
        detail: "This account has no template with this id.")
}
