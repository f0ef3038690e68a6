import Foundation

extension ProbeEntrypoint {
    /// Filled in once the Postgres layer lands: applies the migrations and prints the versions applied.
    static func migrate(options: ProbeOptions) async throws {
        throw ProbeError("migrate is not available yet")
    }
}
