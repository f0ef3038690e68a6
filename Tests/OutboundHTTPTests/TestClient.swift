import Logging
import OutboundHTTP
import Testing

/// A client of its own for one test (tests run in parallel), quiet unless a test fails.
func makeClient(
    threads: Int = 4, maxResponseBodySize: Int = 10 * 1024 * 1024, totalTimeout: Duration = .seconds(30)
) -> OutboundHTTPClient {
    var logger = Logger(label: "outbound-http-test")
    logger.logLevel = .warning
    let configuration = OutboundHTTPConfiguration(
        threadCount: threads, totalTimeout: totalTimeout, maxResponseBodySize: maxResponseBodySize)
    return OutboundHTTPClient(configuration: configuration, logger: logger)
}

/// Sends a request that must fail and returns its error (recording an issue when it succeeds instead).
func sendExpectingFailure(
    _ client: OutboundHTTPClient, _ request: OutboundRequest, sourceLocation: SourceLocation = #_sourceLocation
) async -> OutboundHTTPError? {
    do {
        let response = try await client.send(request)
        Issue.record("expected a failure, got HTTP \(response.statusCode)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
