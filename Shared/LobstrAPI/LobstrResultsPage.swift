import Foundation

/// One page of `GET /v1/results?run=…&page=…&limit=100` (PROVIDERS.md §5.3): the envelope's paging and each
/// result mapped to a ``LobstrAd`` (a result without an `annonce_id` is counted in ``unreadable``, not kept).
package struct LobstrResultsPage: Sendable {
    package var page: Int
    package var totalPages: Int
    package var totalResults: Int
    package var ads: [LobstrAd]
    package var unreadable: Int

    /// Nil when the body is not the documented envelope.
    package static func decode(_ body: [UInt8]) -> LobstrResultsPage? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let data = object["data"] as? [[String: Any]]
        else { return nil }
        var ads: [LobstrAd] = []
        var unreadable = 0
        for result in data {
            if let ad = LobstrAd(result: result) { ads.append(ad) } else { unreadable += 1 }
        }
        let page = LobstrValue.int(object["page"]) ?? 1
        return LobstrResultsPage(
            page: page, totalPages: LobstrValue.int(object["total_pages"]) ?? page,
            totalResults: LobstrValue.int(object["total_results"]) ?? data.count, ads: ads, unreadable: unreadable)
    }
}
