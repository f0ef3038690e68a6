import CCurl

/// libcurl's process-wide set-up, done exactly once.
enum CurlGlobal {
    /// `curl_global_init` must run once before any handle exists; a static `let` is initialised once,
    /// thread-safely, on first use.
    static let initCode: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    static var isInitialized: Bool { initCode == CURLE_OK }
}
