import Foundation
import Postgres
import Schema
import TestSupport
import Testing

/// Two separate processes migrate the same fresh schema at the same moment: the advisory lock lets one
/// apply everything while the other waits and then applies nothing.
@Suite struct MigrationRaceTests {
    @Test func twoProcessesMigratingAtOnceApplyEachMigrationOnce() async throws {
        try await TestDatabase.withSchema { pool, schema in
            let probe = TestEnvironment.productsDirectory.appendingPathComponent("test-probe").path
            let logs = (0..<2).map { _ in
                FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString).log").path
            }
            let processes = try logs.map { log in
                try ChildProcess(
                    executable: probe,
                    arguments: ["migrate", "--database-url", TestEnvironment.databaseURL, "--search-path", schema],
                    logPath: log)
            }
            for process in processes {
                let status = await process.exited()
                #expect(status == 0, "a migrating process failed with wait status \(status)")
            }
            let outputs = try logs.map { try String(contentsOfFile: $0, encoding: .utf8) }
            for log in logs { try? FileManager.default.removeItem(atPath: log) }
            let all = Migration.all.map { String($0.version) }.joined(separator: ",")
            let applied = outputs.compactMap { $0.split(separator: "\n").first { $0.hasPrefix("applied:") } }.map(
                String.init)
            #expect(applied.sorted() == ["applied:", "applied:\(all)"])

            let rows = try await pool.query(
                "select version, count(*)::int as n from schema_migrations group by version")
            #expect(rows.count == Migration.all.count)
            for row in rows {
                #expect(try row.decode(Int.self, "n") == 1)
            }
        }
    }
}
