import Foundation
import Hummingbird

/// Customer webhook endpoints, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `POST /api/webhooks` (``WebhookRequest``) → 201 ``WebhookResource`` with its `secret` (shown this once);
///   422 naming every bad field: a URL that is not http(s) or resolves to a private address, an unknown event;
/// - `GET /api/webhooks` → `{items}`; `GET`, `PATCH` (``WebhookPatch``), `DELETE` (204) `/api/webhooks/{id}`;
/// - `POST /api/webhooks/{id}/rotate-secret` → the endpoint with its new `secret`; the old one keeps signing
///   beside it until `previousSecretValidUntil`;
/// - `GET /api/webhooks/{id}/deliveries?state=pending|succeeded|dead&before=&limit=` → `{items, nextCursor}`,
///   newest first (`before`: the `nextCursor` of the previous page);
/// - `GET /api/webhooks/{id}/deliveries/{deliveryId}` → the delivery with its body and every attempt;
/// - `POST /api/webhooks/{id}/deliveries/{deliveryId}/replay` → 202: sent again (same `webhook-id`); 409 while
///   it is still pending.
///
/// Another account's endpoint answers 404 like a missing one.
struct WebhookController: Sendable {
    let endpoints: WebhookEndpointStore
    let deliveries: WebhookDeliveryStore
    let check: WebhookURLCheck
    let settings: WebhookSettings

    func register(on group: RouterGroup<AccountRequestContext>) {
        group.post("webhooks") { request, context in
            let fields = try await request.decodeStrict(WebhookRequest.self, context: context).checked(check)
            let (created, secret) = try await endpoints.create(accountID: context.accountID, fields)
            var response = try Response.json(WebhookResource(created, secret: secret), status: .created)
            response.headers[.location] = "/api/webhooks/\(created.id.uuidString.lowercased())"
            return response
        }
        group.get("webhooks") { _, context in
            try Response.json([
                "items": try await endpoints.list(accountID: context.accountID).map { WebhookResource($0) }
            ])
        }
        group.get("webhooks/:id") { _, context in
            try Response.json(WebhookResource(try await endpoint(context)))
        }
        group.patch("webhooks/:id") { request, context in
            let stored = try await endpoint(context)
            let patch = try await request.decodeStrict(WebhookPatch.self, context: context)
            let fields = try await patch.merged(into: stored).checked(check)
            guard let updated = try await endpoints.update(accountID: context.accountID, id: stored.id, fields) else {
                throw Self.unknownEndpoint
            }
            return try Response.json(WebhookResource(updated))
        }
        group.delete("webhooks/:id") { _, context in
            guard let id = Self.id(context), try await endpoints.delete(accountID: context.accountID, id: id) else {
                throw Self.unknownEndpoint
            }
            return Response(status: .noContent)
        }
        group.post("webhooks/:id/rotate-secret") { _, context in
            let stored = try await endpoint(context)
            guard
                let (secret, _) = try await endpoints.rotate(
                    accountID: context.accountID, id: stored.id, grace: settings.secretGrace),
                let rotated = try await endpoints.find(accountID: context.accountID, id: stored.id)
            else { throw Self.unknownEndpoint }
            return try Response.json(WebhookResource(rotated, secret: secret))
        }
        group.get("webhooks/:id/deliveries") { request, context in
            let stored = try await endpoint(context)
            let (state, before, limit) = try Self.page(request)
            let items = try await deliveries.list(endpointID: stored.id, state: state, before: before, limit: limit)
            return try Response.json(
                DeliveryPage(
                    items: items.map { WebhookDeliveryResource($0) },
                    nextCursor: items.count == limit ? items.last.map { String($0.id) } : nil))
        }
        group.get("webhooks/:id/deliveries/:delivery") { _, context in
            let stored = try await endpoint(context)
            guard let id = AdminParameters.path("delivery", context).flatMap(Int64.init),
                let (delivery, attempts) = try await deliveries.find(endpointID: stored.id, id: id)
            else { throw Self.unknownDelivery }
            return try Response.json(WebhookDeliveryResource(delivery, attempts: attempts))
        }
        group.post("webhooks/:id/deliveries/:delivery/replay") { _, context in
            let stored = try await endpoint(context)
            guard let id = AdminParameters.path("delivery", context).flatMap(Int64.init),
                try await deliveries.find(endpointID: stored.id, id: id) != nil
            else { throw Self.unknownDelivery }
            guard try await deliveries.replay(endpointID: stored.id, id: id) else {
                throw ProblemDetails(
                    status: .conflict, type: "urn:auto-prospect:problem:delivery-pending",
                    detail: "This delivery is still pending; it is replayed once it succeeded or was dead-lettered.")
            }
            return Response(status: .accepted)
        }
    }

    struct DeliveryPage: Codable, Sendable {
        var items: [WebhookDeliveryResource]
        var nextCursor: String?
    }

    private static func page(_ request: Request) throws -> (String?, Int64?, Int) {
        let query = request.uri.queryParameters
        var errors: [ProblemDetails.FieldError] = []
        let state = query.get("state").map { String($0) }
        if let state, !["pending", "succeeded", "dead"].contains(state) {
            errors.append(.init(field: "state", message: "must be pending, succeeded or dead"))
        }
        let before = query.get("before").map { Int64(String($0)) }
        if let before, before == nil { errors.append(.init(field: "before", message: "must be a cursor from a page")) }
        let limit = query.get("limit").map { Int(String($0)) } ?? 50
        if limit.map({ !(1...200).contains($0) }) ?? true {
            errors.append(.init(field: "limit", message: "must be an integer from 1 to 200"))
        }
        guard errors.isEmpty, let limit else { throw StrictJSON.invalid(errors) }
        return (state, before ?? nil, limit)
    }

    private func endpoint(_ context: AccountRequestContext) async throws -> WebhookEndpoint {
        guard let id = Self.id(context), let endpoint = try await endpoints.find(accountID: context.accountID, id: id)
        else { throw Self.unknownEndpoint }
        return endpoint
    }

    private static func id(_ context: AccountRequestContext) -> UUID? {
        AdminParameters.path("id", context).flatMap(UUID.init(uuidString:))
    }

    private static let unknownEndpoint = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-webhook",
        detail: "This account has no webhook endpoint with this id.")

    private static let unknownDelivery = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-delivery",
        detail: "This endpoint has no delivery with this id.")
}
