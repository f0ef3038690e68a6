import Foundation
import Logging
import Postgres
import Schema

extension ProbeEntrypoint {
    /// Applies the schema migrations to `--database-url` (in `--search-path` when given) and prints the
    /// versions this process applied, comma-separated, on one line (empty when another process did).
    static func migrate(options: ProbeOptions) async throws {
        var configuration = try PostgresConfiguration(url: try options.required("--database-url"))
        configuration.searchPath = options.values["--search-path"]
        configuration.poolSize = 1
        let logger = Logger(label: "probe") { _ in SwiftLogNoOpLogHandler() }
        let pool = PostgresPool(configuration: configuration, logger: logger)
        let applied = try await Migrator.migrate(pool: pool, logger: logger)
        await pool.close()
        print("applied:" + applied.map(String.init).joined(separator: ","))
    }
}
