import Domain
import Foundation
import Hummingbird
import MessageStore

/// The query of `GET /api/messages`: `status`, `channel`, `recipient` (any form the send routes accept, e.g.
/// `06 12 34 56 78` in the default region), `correlationId`, `huntId`, `from` and `to` (ISO 8601, `to`
/// excluded), `limit` (1–500, 100) and `cursor` (the `nextCursor` of the previous page). 422 names every bad
/// parameter, never repeating its value.
enum MessageSearchQuery {
    static func filters(_ request: Request, region: PhoneRegion) throws -> MessageSearch.Filters {
        let query = request.uri.queryParameters
        var filters = MessageSearch.Filters()
        filters.limit = try AdminParameters.limit(request)
        var errors: [ProblemDetails.FieldError] = []
        func text(_ name: String) -> String? { query.get(name).map { String($0) } }
        if let status = text("status") {
            filters.status = MessageStatus(rawValue: status)
            if filters.status == nil {
                let known = MessageStatus.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(.init(field: "status", message: "must be one of \(known)"))
            }
        }
        if let channel = text("channel") {
            filters.channel = Channel(rawValue: channel)
            if filters.channel == nil {
                errors.append(.init(field: "channel", message: "must be sms, whatsapp or voice"))
            }
        }
        if let recipient = text("recipient") {
            filters.recipient = try? PhoneNumber(recipient, defaultRegion: region)
            if filters.recipient == nil { errors.append(.init(field: "recipient", message: "must be a phone number")) }
        }
        if let correlation = text("correlationId") {
            if correlation.isEmpty || correlation.count > 200 {
                errors.append(.init(field: "correlationId", message: "must be 1 to 200 characters"))
            } else {
                filters.correlationID = correlation
            }
        }
        if let hunt = text("huntId") {
            filters.huntID = UUID(uuidString: hunt)
            if filters.huntID == nil { errors.append(.init(field: "huntId", message: "must be a hunt id")) }
        }
        for name in ["from", "to"] {
            guard let value = text(name) else { continue }
            guard let date = Self.date(value) else {
                errors.append(.init(field: name, message: "must be an ISO 8601 date-time, e.g. 2026-12-04T10:00:00Z"))
                continue
            }
            if name == "from" { filters.from = date } else { filters.to = date }
        }
        if let cursor = text("cursor") {
            filters.cursor = MessageSearch.Cursor(token: cursor)
            if filters.cursor == nil {
                errors.append(.init(field: "cursor", message: "must be the nextCursor of a previous page"))
            }
        }
        guard errors.isEmpty else { throw StrictJSON.invalid(errors) }
        return filters
    }

    private static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return plain.date(from: text) ?? fractional.date(from: text)
    }
}

/// A page of `GET /api/messages`.
struct MessagePage: Codable, Sendable {
    var items: [MessageResource]
    var nextCursor: String?
}
