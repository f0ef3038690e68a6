import Foundation
import JobRuntime
import Logging
import Redis

/// `jobs-bench`: enqueue, process and end-to-end throughput of the job runtime with a no-op handler, and the
/// Redis CPU each job costs. Mirrors `shared/bench/bullmq_bench.py` so that the figures compare.
@main
struct Entrypoint {
    static func main() async {
        do {
            let options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
            let redis = RedisPool(configuration: try RedisConfiguration(url: options.redisURL, poolSize: 4))
            let bench = Bench(options: options, redis: redis)
            if options.role == "producer" {
                try await bench.produce()
            } else {
                try await bench.runAll()
            }
        } catch {
            FileHandle.standardError.write(Data("jobs-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
