import Foundation
import HTTPTypes
import Hummingbird

/// One API call as JSON in, status and JSON object out, and the fields a 422 names: what the template, hunt and
/// lead API tests do on every line.
extension MessagingFixture {
    func call(
        _ account: MessagingAccount, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        let response = try await client.execute(
            uri: path, method: method, headers: account.headers, body: body.map { ByteBuffer(string: $0) })
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        return (response.status, json ?? [:])
    }

    /// The `field`s of a problem's `errors`, sorted.
    static func fields(_ json: [String: Any]) -> [String] {
        ((json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }.sorted()
    }
}
