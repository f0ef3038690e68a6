import CCurl

/// Owns a `curl_slist` of `Name: value` lines for `CURLOPT_HTTPHEADER`; freed when the transfer is done.
final class CurlHeaderList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit {
        curl_slist_free_all(head)
    }

    /// Appends one raw line; libcurl copies it.
    func append(_ line: String) throws(CurlFailure) {
        guard let appended = curl_slist_append(head, line) else { throw CurlFailure(code: CURLE_OUT_OF_MEMORY) }
        head = appended
    }
}
