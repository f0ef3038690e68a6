import ServiceLifecycle

/// A service that does nothing until graceful shutdown, then returns. It keeps an executable whose real
/// work is not wired yet running (and stoppable) without pretending to work.
package struct IdleService: Service, CustomStringConvertible {
    /// Shown in service-group logs.
    package let name: String

    package init(name: String) {
        self.name = name
    }

    package var description: String { name }

    package func run() async throws {
        try await gracefulShutdown()
    }
}
