import BlockingIO
import Logging
import Synchronization

/// Sends HTTP requests to third parties (SMS, voice and WhatsApp providers, customer webhooks) through
/// libcurl.
///
/// Each transfer is a blocking `curl_easy_perform` on a dedicated thread pool, never on Swift's cooperative
/// pool. Easy handles are kept between requests so their connections (TCP and TLS) are reused. Cancelling
/// the calling task aborts its transfer within about a second.
///
/// ```swift
/// var request = OutboundRequest(method: .post, url: "https://api.twilio.com/2010-04-01/Accounts/\(sid)/Messages.json")
/// request.setBasicAuth(username: sid, password: token)
/// request.setFormBody([("To", "+15551234567"), ("Body", "Hello")])
/// let response = try await client.send(request).requireSuccess()
/// ```
package final class OutboundHTTPClient: Sendable {
    package let configuration: OutboundHTTPConfiguration
    private let logger: Logger
    private let threads: BlockingThreadPool
    private let handles: CurlHandlePool
    private let isShutDown = Atomic<Bool>(false)

    /// Starts `configuration.threadCount` transfer threads.
    package init(configuration: OutboundHTTPConfiguration = OutboundHTTPConfiguration(), logger: Logger) {
        precondition(configuration.threadCount > 0, "the outbound HTTP client needs at least one thread")
        self.configuration = configuration
        self.logger = logger
        self.threads = BlockingThreadPool(name: "http-out", size: configuration.threadCount)
        self.handles = CurlHandlePool(capacity: configuration.threadCount)
        if !CurlGlobal.isInitialized {
            logger.error("libcurl global initialisation failed")
        }
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws ``OutboundHTTPError`` only when no complete response arrived (invalid request, DNS, connect,
    /// TLS, timeout, body too large, cancellation, shut down).
    package func send(_ request: OutboundRequest) async throws(OutboundHTTPError) -> OutboundResponse {
        let endpoint = try OutboundEndpoint(url: request.url).description
        try request.validate()
        guard !isShutDown.load(ordering: .acquiring) else { throw .shutDown }
        guard !Task.isCancelled else { throw .cancelled(endpoint: endpoint) }

        let started = ContinuousClock.now
        let result = await perform(request, endpoint: endpoint)
        if let provider = request.provider {
            ProviderMetrics.record(
                provider: provider, outcome: ProviderMetrics.outcome(result), duration: ContinuousClock.now - started)
        }
        switch result {
        case .success(let response):
            logger.debug(
                "outbound HTTP request finished",
                metadata: [
                    "http.method": "\(request.method.rawValue)", "http.endpoint": "\(endpoint)",
                    "http.status": "\(response.statusCode)",
                    "http.duration_ms": "\(response.totalTime.wholeMilliseconds)",
                    "http.reused_connection": "\(response.reusedConnection)",
                ])
        case .failure(let error):
            logger.debug(
                "outbound HTTP request failed",
                metadata: [
                    "http.method": "\(request.method.rawValue)", "http.endpoint": "\(endpoint)",
                    "http.error": "\(error)",
                ])
        }
        return try result.get()
    }

    /// Stops accepting requests and frees idle handles. Transfers already queued still complete.
    package func shutdown() {
        isShutDown.store(true, ordering: .releasing)
        threads.shutdown()
        handles.close()
    }

    private func perform(_ request: OutboundRequest, endpoint: String) async -> Result<
        OutboundResponse, OutboundHTTPError
    > {
        let cancellation = TransferCancellation()
        let configuration = configuration
        let handles = handles
        do {
            return try await withTaskCancellationHandler {
                try await threads.run { () -> Result<OutboundResponse, OutboundHTTPError> in
                    let handle: CurlEasyHandle
                    do throws(CurlFailure) {
                        handle = try handles.checkOut()
                    } catch {
                        return .failure(OutboundHTTPError(curlCode: error.code, endpoint: endpoint))
                    }
                    defer { handles.checkIn(handle) }
                    let transfer = CurlTransfer(
                        handle: handle, request: request, endpoint: endpoint, configuration: configuration,
                        cancellation: cancellation)
                    return Result { () throws(OutboundHTTPError) in try transfer.run() }
                }
            } onCancel: {
                cancellation.cancel()
            }
        } catch {
            // The pool only throws when it no longer accepts work.
            return .failure(.shutDown)
        }
    }
}
