import Foundation
import LocalStubServer
import Logging
import OutboundHTTP

/// `sms-bench`: the SMS path API → Postgres + Redis → sms-sender → provider, with the real `gateway` and
/// `sms-sender` executables and a local Twilio stand-in. Posts `--n` messages `--concurrency` at a time and
/// prints accepted messages per second, the accept latency (p50, p99) and the time until the last message
/// reached the provider, then a `RESULT {json}` line.
@main
struct Entrypoint {
    static func main() async {
        do {
            try await run(try SMSBenchOptions(arguments: Array(CommandLine.arguments.dropFirst())))
        } catch {
            FileHandle.standardError.write(Data("sms-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    nonisolated static func run(_ options: SMSBenchOptions) async throws {
        var logger = Logger(label: "sms-bench")
        logger.logLevel = .warning
        let client = OutboundHTTPClient(
            configuration: OutboundHTTPConfiguration(threadCount: options.concurrency), logger: logger)
        defer { client.shutdown() }
        let stub = CountingProviderStub()
        try await LocalStubServer.run(router: stub.router()) { server in
            let processes = ServiceProcesses()
            defer { processes.stop() }
            let run = SMSBenchRun(options: options, client: client, stub: stub, processes: processes)
            try run.start(stubURL: server.baseURL)
            try await run.measure()
        }
    }
}
