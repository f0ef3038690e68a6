import CCurl

/// One request and its response on a checked-out easy handle. Lives on a worker thread for the duration of
/// ``run()``; libcurl's callbacks reach it through an unretained pointer.
final class CurlTransfer {
    private let handle: CurlEasyHandle
    private let request: OutboundRequest
    private let endpoint: String
    private let connectTimeout: Duration
    private let totalTimeout: Duration
    private let userAgent: String
    private let bodyLimit: Int
    private let cancellation: TransferCancellation

    // Filled by the callbacks during `curl_easy_perform`.
    private var responseBody: [UInt8] = []
    private var responseHeaders = OutboundHeaders()
    private var headerBytes = 0
    private var exceededLimit = false
    private var refusedAddress = false

    /// Guards against a server streaming endless headers (libcurl 7.88 limits each one, not their total).
    static let maxHeaderBytes = 256 * 1024

    init(
        handle: CurlEasyHandle, request: OutboundRequest, endpoint: String,
        configuration: OutboundHTTPConfiguration, cancellation: TransferCancellation
    ) {
        self.handle = handle
        self.request = request
        self.endpoint = endpoint
        self.connectTimeout = request.connectTimeout ?? configuration.connectTimeout
        self.totalTimeout = request.totalTimeout ?? configuration.totalTimeout
        self.userAgent = configuration.userAgent
        self.bodyLimit = request.maxResponseBodySize ?? configuration.maxResponseBodySize
        self.cancellation = cancellation
    }

    /// Performs the transfer (blocking) and collects the response.
    func run() throws(OutboundHTTPError) -> OutboundResponse {
        // Reset afterwards so an idle handle keeps no pointers into this transfer; connections survive.
        defer { handle.reset() }
        if cancellation.isCancelled { throw .cancelled(endpoint: endpoint) }
        let headerList = CurlHeaderList()
        // POSTFIELDS needs a valid pointer even for an empty body, else libcurl reads the body from stdin.
        let upload: [UInt8] = request.body.isEmpty ? [0] : request.body
        let code: CURLcode = upload.withUnsafeBytes { uploadBytes in
            do throws(CurlFailure) {
                // libcurl only reads POSTFIELDS; its option type is just not const.
                try configure(
                    headerList: headerList, upload: UnsafeMutableRawPointer(mutating: uploadBytes.baseAddress!))
            } catch {
                return error.code
            }
            return handle.perform()
        }
        withExtendedLifetime(headerList) {}
        guard code == CURLE_OK else { throw failure(code) }
        return OutboundResponse(
            statusCode: handle.info(long: CURLINFO_RESPONSE_CODE) ?? 0,
            headers: responseHeaders,
            body: responseBody,
            endpoint: endpoint,
            totalTime: .microseconds(handle.info(offset: CURLINFO_TOTAL_TIME_T) ?? 0),
            reusedConnection: handle.info(long: CURLINFO_NUM_CONNECTS) == 0
        )
    }

    private func failure(_ code: CURLcode) -> OutboundHTTPError {
        if refusedAddress { return .addressRefused(endpoint: endpoint) }
        if exceededLimit || code == CURLE_FILESIZE_EXCEEDED {
            return .responseTooLarge(endpoint: endpoint, limit: bodyLimit)
        }
        if code == CURLE_ABORTED_BY_CALLBACK && cancellation.isCancelled {
            return .cancelled(endpoint: endpoint)
        }
        return OutboundHTTPError(curlCode: code, endpoint: endpoint)
    }

    // MARK: Set-up

    private func configure(headerList: CurlHeaderList, upload: UnsafeMutableRawPointer) throws(CurlFailure) {
        try handle.set(CURLOPT_URL, request.url)
        // Never file://, gopher:// and friends, even if a customer registers such a webhook URL.
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        // Signals cannot be used for timeouts in a multi-threaded process.
        try handle.set(CURLOPT_NOSIGNAL, true)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.curlMilliseconds)
        try handle.set(CURLOPT_TIMEOUT_MS, totalTimeout.curlMilliseconds)
        try handle.set(CURLOPT_USERAGENT, userAgent)
        // Empty string: offer every encoding libcurl can decode, and decode it.
        try handle.set(CURLOPT_ACCEPT_ENCODING, "")
        try handle.set(CURLOPT_TCP_KEEPALIVE, true)
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(bodyLimit))
        let sendsBody = request.method.expectsBody || !request.body.isEmpty
        try configureMethod(sendsBody: sendsBody, upload: upload)
        try configureHeaders(headerList, sendsBody: sendsBody)
        try configureCallbacks()
        if request.publicAddressesOnly { try configureAddressCheck() }
    }

    /// Checks each address right before libcurl connects to it; a refused one gets no socket.
    private func configureAddressCheck() throws(CurlFailure) {
        try handle.set(CURLOPT_OPENSOCKETDATA, pointer: Unmanaged.passUnretained(self).toOpaque())
        try handle.set(
            CURLOPT_OPENSOCKETFUNCTION,
            openSocketCallback: { context, _, address in
                guard let context, let address else { return CURL_SOCKET_BAD }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                var bytes = [UInt8](repeating: 0, count: 16)
                let count = Int(ccurl_sockaddr_ip(address, &bytes))
                guard let ip = IPAddress(bytes: Array(bytes.prefix(count))), ip.isPublic else {
                    transfer.refusedAddress = true
                    return CURL_SOCKET_BAD
                }
                return ccurl_open_socket(address)
            })
    }

    private func configureMethod(sendsBody: Bool, upload: UnsafeMutableRawPointer) throws(CurlFailure) {
        switch request.method {
        case .get where !sendsBody:
            try handle.set(CURLOPT_HTTPGET, true)
        case .head:
            try handle.set(CURLOPT_NOBODY, true)
        default:
            if sendsBody {
                try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(request.body.count))
                try handle.set(CURLOPT_POSTFIELDS, pointer: upload)
            }
            if request.method != .post {
                try handle.set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            }
        }
    }

    private func configureHeaders(_ list: CurlHeaderList, sendsBody: Bool) throws(CurlFailure) {
        for field in request.headers {
            // "Name:" would make libcurl drop the header; "Name;" sends it with an empty value.
            try list.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if sendsBody && !request.headers.contains("Content-Type") {
            // Otherwise libcurl labels every body as a form.
            try list.append("Content-Type:")
        }
        if !request.headers.contains("Expect") {
            // No 100-continue round trip before large bodies: provider APIs answer directly.
            try list.append("Expect:")
        }
        try handle.set(CURLOPT_HTTPHEADER, list: list)
    }

    private func configureCallbacks() throws(CurlFailure) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try handle.set(CURLOPT_WRITEDATA, pointer: context)
        try handle.set(
            CURLOPT_WRITEFUNCTION,
            writeCallback: { data, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
                return transfer.receiveBody(bytes) ? size * count : 0
            })
        try handle.set(CURLOPT_HEADERDATA, pointer: context)
        try handle.set(
            CURLOPT_HEADERFUNCTION,
            writeCallback: { data, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
                return transfer.receiveHeaderLine(bytes) ? size * count : 0
            })
        // The progress callback runs at least once a second, also while waiting: it is where cancellation
        // of the calling task stops the transfer.
        try handle.set(CURLOPT_NOPROGRESS, false)
        try handle.set(CURLOPT_XFERINFODATA, pointer: context)
        try handle.set(
            CURLOPT_XFERINFOFUNCTION,
            progressCallback: { context, _, _, _, _ in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.cancellation.isCancelled ? 1 : 0
            })
    }

    // MARK: Callbacks

    /// False aborts the transfer.
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard responseBody.count + bytes.count <= bodyLimit else {
            exceededLimit = true
            return false
        }
        responseBody.append(contentsOf: bytes)
        return true
    }

    /// One raw header line, CRLF included. False aborts the transfer.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Bool {
        headerBytes += bytes.count
        guard headerBytes <= Self.maxHeaderBytes else {
            exceededLimit = true
            return false
        }
        let line = String(decoding: bytes, as: UTF8.self).trimmingLineEnd
        if line.hasPrefix("HTTP/") {
            // A new status line: interim (100 Continue) headers so far are not the final response's.
            responseHeaders = OutboundHeaders()
        } else if line.first == " " || line.first == "\t" {
            // Obsolete line folding: continues the previous value.
            responseHeaders.continueLastValue(line.trimmingHeaderWhitespace)
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = String(line[line.index(after: colon)...]).trimmingHeaderWhitespace
            responseHeaders.add(name, value)
        }
        return true
    }
}

extension String {
    fileprivate var trimmingLineEnd: String {
        var result = Substring(self)
        while let last = result.last, last == "\r\n" || last == "\n" || last == "\r" { result.removeLast() }
        return String(result)
    }

    fileprivate var trimmingHeaderWhitespace: String {
        let trimmed = drop { $0 == " " || $0 == "\t" }
        var end = trimmed.endIndex
        while end > trimmed.startIndex, [" ", "\t"].contains(trimmed[trimmed.index(before: end)]) {
            end = trimmed.index(before: end)
        }
        return String(trimmed[..<end])
    }
}
