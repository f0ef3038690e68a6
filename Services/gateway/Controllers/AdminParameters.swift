import Domain
import Foundation
import Hummingbird

/// The admin routes' path and query parameters. A bad value is a 4xx problem (never a 500); details
/// describe the rule, not the value given.
enum AdminParameters {
    /// Page sizes of list routes.
    static let limitRange = 1...500
    static let defaultLimit = 100

    /// The `{queue}` path parameter as a queue that can exist, else 404 `unknown-queue`.
    static func queue(_ context: some RequestContext) throws -> QueueName {
        guard let name = path("queue", context).flatMap(QueueName.init(validating:)) else {
            let known = QueueName.fixed.map(\.rawValue).joined(separator: ", ")
            throw ProblemDetails(
                status: .notFound, type: "urn:auto-prospect:problem:unknown-queue",
                detail: "No such queue: known queues are \(known) and wa:<workerId> (\(WorkerID.rule)).")
        }
        return name
    }

    /// A path parameter, percent-decoded (the router hands them over raw).
    static func path(_ name: String, _ context: some RequestContext) -> String? {
        context.parameters.get(name).flatMap { $0.removingPercentEncoding }
    }

    /// The `limit` query parameter: ``defaultLimit`` when absent, else an integer in ``limitRange`` or 400.
    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return defaultLimit }
        guard let limit = Int(text), limitRange.contains(limit) else {
            let rule = "an integer from \(limitRange.lowerBound) to \(limitRange.upperBound)"
            throw ProblemDetails(
                status: .badRequest, type: "urn:auto-prospect:problem:invalid-parameter",
                detail: "The query parameter limit must be \(rule).",
                errors: [.init(field: "limit", message: "must be \(rule)")])
        }
        return limit
    }

    /// Whether `text` is a Redis stream entry id (`<ms>-<seq>`, each part fitting 64 bits), as dead-letter ids
    /// and the ids of jobs enqueued without one are.
    static func isStreamID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { part in part.allSatisfy(\.isASCIIDigit) && UInt64(part) != nil }
    }

    /// Whether `id` can name a job at all: what enqueue accepts (1 to 200 bytes, no spaces), and when shaped
    /// like a stream id, a valid one (Redis answers an error, not "no such entry", for an out-of-range id).
    static func isJobID(_ id: String) -> Bool {
        guard (1...200).contains(id.utf8.count), !id.contains(where: \.isWhitespace) else { return false }
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        let streamShaped = parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
        return !streamShaped || isStreamID(id)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
