import CCurl

/// Owns one libcurl easy handle, which also owns a cache of idle connections (kept across
/// `curl_easy_reset`), so reusing the handle reuses its TCP/TLS connections.
///
/// `@unchecked Sendable`: the handle moves between the pool's threads but is only ever used by the one
/// transfer that checked it out of the ``CurlHandlePool``, never by two threads at once.
final class CurlEasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer

    init() throws(CurlFailure) {
        guard CurlGlobal.initCode == CURLE_OK else { throw CurlFailure(code: CurlGlobal.initCode) }
        guard let raw = curl_easy_init() else { throw CurlFailure(code: CURLE_OUT_OF_MEMORY) }
        self.raw = raw
    }

    deinit {
        curl_easy_cleanup(raw)
    }

    /// Clears every option (and pointers into the last transfer); keeps live connections and caches.
    func reset() {
        curl_easy_reset(raw)
    }

    func perform() -> CURLcode {
        curl_easy_perform(raw)
    }

    // MARK: Options

    func set(_ option: CURLoption, _ value: Int) throws(CurlFailure) {
        try check(ccurl_easy_setopt_long(raw, option, value))
    }

    func set(_ option: CURLoption, _ value: Bool) throws(CurlFailure) {
        try check(ccurl_easy_setopt_long(raw, option, value ? 1 : 0))
    }

    /// libcurl copies string options, so `value` need not outlive the call.
    func set(_ option: CURLoption, _ value: String) throws(CurlFailure) {
        try check(ccurl_easy_setopt_string(raw, option, value))
    }

    func set(_ option: CURLoption, offset value: Int64) throws(CurlFailure) {
        try check(ccurl_easy_setopt_off_t(raw, option, curl_off_t(value)))
    }

    /// The pointer must stay valid until the transfer ends or the handle is reset.
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlFailure) {
        try check(ccurl_easy_setopt_pointer(raw, option, value))
    }

    /// The list must stay alive until the transfer ends or the handle is reset.
    func set(_ option: CURLoption, list: CurlHeaderList) throws(CurlFailure) {
        try check(ccurl_easy_setopt_slist(raw, option, list.head))
    }

    func set(_ option: CURLoption, writeCallback: curl_write_callback) throws(CurlFailure) {
        try check(ccurl_easy_setopt_write_callback(raw, option, writeCallback))
    }

    func set(_ option: CURLoption, progressCallback: curl_xferinfo_callback) throws(CurlFailure) {
        try check(ccurl_easy_setopt_xferinfo_callback(raw, option, progressCallback))
    }

    func set(_ option: CURLoption, openSocketCallback: curl_opensocket_callback) throws(CurlFailure) {
        try check(ccurl_easy_setopt_opensocket_callback(raw, option, openSocketCallback))
    }

    // MARK: Information

    func info(long info: CURLINFO) -> Int? {
        var value = 0
        return ccurl_easy_getinfo_long(raw, info, &value) == CURLE_OK ? value : nil
    }

    func info(offset info: CURLINFO) -> Int64? {
        var value: curl_off_t = 0
        return ccurl_easy_getinfo_off_t(raw, info, &value) == CURLE_OK ? Int64(value) : nil
    }

    private func check(_ code: CURLcode) throws(CurlFailure) {
        guard code == CURLE_OK else { throw CurlFailure(code: code) }
    }
}

/// A libcurl call failed with `code`; turned into an ``OutboundHTTPError`` where the endpoint is known.
struct CurlFailure: Error {
    let code: CURLcode
}
