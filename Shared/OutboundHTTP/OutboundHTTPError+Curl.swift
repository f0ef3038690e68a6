import CCurl

extension OutboundHTTPError {
    /// Maps a failed `curl_easy_perform` to the error callers switch on.
    init(curlCode code: CURLcode, endpoint: String) {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            self = .invalidURL("libcurl rejected the URL")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .dnsFailure(endpoint: endpoint)
        case CURLE_COULDNT_CONNECT:
            self = .connectFailed(endpoint: endpoint)
        case CURLE_OPERATION_TIMEDOUT:
            self = .timeout(endpoint: endpoint)
        case _ where Self.tlsCodes.contains(code):
            self = .tlsFailure(endpoint: endpoint, curlCode: Int(code.rawValue), message: Self.message(code))
        default:
            self = .transport(endpoint: endpoint, curlCode: Int(code.rawValue), message: Self.message(code))
        }
    }

    /// libcurl's fixed text for a code: unlike the error buffer it never quotes the URL.
    static func message(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }

    private static let tlsCodes: Set<CURLcode> = [
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND,
        CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_USE_SSL_FAILED,
        CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE,
        CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    ]
}
