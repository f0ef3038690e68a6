import Domain
import Foundation
import Hummingbird
import MessageStore

/// The account's do-not-contact list, under `/api` (behind ``AccountAuthMiddleware``):
///
/// - `GET /api/contacts/blocked?limit=&after=&phone=` → ``BlockedContactPage`` (number order; `phone` looks one
///   number up, in any form the send routes accept);
/// - `POST /api/contacts/blocked` with JSON ``BlockContactRequest`` → 201 ``BlockedContactResource`` (200 with
///   the existing entry when already listed); with `text/csv` (``BlockedContactCSV``) → 200
///   ``BlockedContactImportResult``, all lines or none (422 naming the bad lines);
/// - `DELETE /api/contacts/blocked/{phone}` → 204, 404 when the number is not listed.
///
/// Every send route refuses a listed number with 422 `recipient-blocked` before anything is stored or held
/// (``MessageRepository/accept(_:)``).
struct BlockedContactController: Sendable {
    let store: BlockedContactStore
    let rules: MessagingConfiguration

    func register(on group: RouterGroup<AccountRequestContext>) {
        let blocked = group.group("contacts/blocked")
        blocked.get { request, context in try await list(request, context: context) }
        blocked.post { request, context in try await add(request, context: context) }
        blocked.delete(":phone") { _, context in try await remove(context) }
    }

    func list(_ request: Request, context: AccountRequestContext) async throws -> Response {
        let limit = try AdminParameters.limit(request)
        if let text = request.uri.queryParameters.get("phone") {
            let phone = try number(String(text), field: "phone", status: .badRequest)
            let found = try await store.find(accountID: context.accountID, phone: phone)
            let page = BlockedContactPage(
                items: found.map { [BlockedContactResource($0)] } ?? [], next: nil,
                total: try await store.count(accountID: context.accountID))
            return try Response.json(page)
        }
        let after = request.uri.queryParameters.get("after").map { String($0) }
        let items = try await store.list(accountID: context.accountID, limit: limit, after: after)
        let page = BlockedContactPage(
            items: items.map(BlockedContactResource.init), next: items.count == limit ? items.last?.phone : nil,
            total: try await store.count(accountID: context.accountID))
        return try Response.json(page)
    }

    func add(_ request: Request, context: AccountRequestContext) async throws -> Response {
        if let type = request.headers[.contentType], type.lowercased().hasPrefix("text/csv") {
            return try await importCSV(request, context: context)
        }
        let body = try await request.decodeStrict(BlockContactRequest.self, context: context)
        let phone = try number(body.phone, field: "phone", status: .unprocessableContent)
        let added = try await store.block(
            accountID: context.accountID, entries: [(phone: phone, reason: body.reason ?? BlockReason.manual)])
        guard let entry = try await store.find(accountID: context.accountID, phone: phone) else {
            // Deleted between the two statements by a concurrent request: report what was asked.
            throw ProblemDetails(status: .conflict, detail: "The number was unblocked concurrently; retry.")
        }
        context.logger.info(
            "number blocked", metadata: ["account.id": "\(context.accountID)", "blocked.new": "\(added == 1)"])
        return try Response.json(BlockedContactResource(entry), status: added == 1 ? .created : .ok)
    }

    func remove(_ context: AccountRequestContext) async throws -> Response {
        let text = AdminParameters.path("phone", context) ?? ""
        guard let phone = try? PhoneNumber(text, defaultRegion: rules.defaultRegion),
            try await store.unblock(accountID: context.accountID, phone: phone.e164)
        else {
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-blocked-contact",
                detail: "This number is not on the account's do-not-contact list.")
        }
        return Response(status: .noContent)
    }

    private func importCSV(_ request: Request, context: AccountRequestContext) async throws -> Response {
        let data = try await request.body.collect(upTo: context.maxUploadSize)
        let csv = BlockedContactCSV(String(buffer: data), defaultRegion: rules.defaultRegion)
        guard csv.errors.isEmpty else {
            throw ProblemDetails(
                status: .unprocessableContent, type: StrictJSON.validationType,
                detail: "\(csv.invalidLines) lines are invalid; nothing was imported.", errors: csv.errors)
        }
        guard csv.rows.count <= BlockedContactCSV.maxRows else {
            throw ProblemDetails(
                status: .contentTooLarge, type: "urn:auto-prospect:problem:import-too-large",
                detail: "An import takes at most \(BlockedContactCSV.maxRows) numbers; split the file.")
        }
        let added = try await store.block(
            accountID: context.accountID, entries: csv.rows.map { (phone: $0.phone, reason: $0.reason) })
        let distinct = Set(csv.rows.map(\.phone)).count
        return try Response.json(
            BlockedContactImportResult(received: csv.rows.count, added: added, alreadyBlocked: distinct - added))
    }

    /// `text` as E.164, or a problem naming `field`.
    private func number(_ text: String, field: String, status: HTTPResponse.Status) throws -> String {
        guard let phone = try? PhoneNumber(text, defaultRegion: rules.defaultRegion) else {
            let rule = "must be a phone number in E.164 or national \(rules.defaultRegion) form"
            throw ProblemDetails(
                status: status, type: StrictJSON.validationType, detail: "The request has invalid fields.",
                errors: [.init(field: field, message: rule)])
        }
        return phone.e164
    }
}
