import Foundation

/// Where the real servers started by `scripts/test` listen. Tests never mock Redis or Postgres: they read
/// these URLs (exported by the test script) and fail loudly when the servers are not there.
package enum TestEnvironment {
    /// `TEST_REDIS_URL`, default `redis://127.0.0.1:16379/0` (the test script's Redis).
    package static var redisURL: String {
        ProcessInfo.processInfo.environment["TEST_REDIS_URL"] ?? "redis://127.0.0.1:16379/0"
    }

    /// `TEST_REDIS_CLUSTER_URL`, a `redis+cluster://` URL of the Redis Cluster `scripts/test` starts; nil when
    /// unset (the cluster tests are then skipped).
    package static var redisClusterURL: String? {
        ProcessInfo.processInfo.environment["TEST_REDIS_CLUSTER_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `TEST_DATABASE_URL`, default `postgres://ap@127.0.0.1:15432/ap` (the test script's Postgres).
    package static var databaseURL: String {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] ?? "postgres://ap@127.0.0.1:15432/ap"
    }

    /// The `redis-server` binary, for tests that start (and kill) a private Redis of their own.
    package static var redisServerBinary: String {
        ProcessInfo.processInfo.environment["REDIS_SERVER_BIN"] ?? "/usr/bin/redis-server"
    }

    /// The folder that holds the package's built products (`test-probe`, the services).
    package static var productsDirectory: URL {
        if let explicit = ProcessInfo.processInfo.environment["AP_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: explicit)
        }
        // The test bundle lives in the products folder: .build/debug/<Package>PackageTests.xctest
        let bundle = Bundle.main.bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }
}
