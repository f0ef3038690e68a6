import Foundation
import JobRuntime
import Logging
import Redis

/// `test-probe`: processes the tests start and kill. `consume` runs a worker whose handler records the job
/// as started and then never finishes; `migrate` applies the schema migrations (the migration race test);
/// `dead-letter` makes one dead letter (the browser check).
@main
struct ProbeEntrypoint {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "consume": try await consume(options: ProbeOptions(arguments.dropFirst()))
            case "migrate": try await migrate(options: ProbeOptions(arguments.dropFirst()))
            case "dead-letter": try await deadLetter(options: ProbeOptions(arguments.dropFirst()))
            default: throw ProbeError("usage: test-probe consume|migrate|dead-letter [--name value]...")
            }
        } catch {
            FileHandle.standardError.write(Data("test-probe: \(error)\n".utf8))
            exit(1)
        }
    }

    static func consume(options: ProbeOptions) async throws {
        let redis = try RedisConfiguration(url: try options.required("--redis-url"), poolSize: 2).makeSharedClient()
        let queue = JobQueue(name: try options.required("--queue"), redis: redis)
        let startedKey = try options.required("--started-key")
        let worker = JobWorker(
            queue: queue, options: JobWorkerOptions(concurrency: 1, prefetch: 0, blockTimeout: .milliseconds(200)),
            logger: Logger(label: "probe")
        ) { job in
            try await redis.send("SET", startedKey, job.id)
            try await Task.sleep(for: .seconds(3600))
        }
        try await worker.run()
    }
}

struct ProbeOptions {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let name = iterator.next() {
            values[name] = iterator.next()
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw ProbeError("missing \(name)") }
        return value
    }
}

struct ProbeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
