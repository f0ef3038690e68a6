import Foundation
import Logging
import ServiceRuntime
import Synchronization

/// Collects the lines a ``JSONLogHandler`` writes, for tests to parse.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var sink: LogSink {
        LogSink { line in self.lines.withLock { $0.append(line) } }
    }

    /// A logger writing JSON lines into this capture.
    func logger(label: String = "test", service: String = "test-service", level: Logger.Level = .trace) -> Logger {
        let sink = self.sink
        return Logger(label: label) { label in
            JSONLogHandler(label: label, service: service, logLevel: level, sink: sink)
        }
    }

    var captured: [String] { lines.withLock { $0 } }

    /// Every captured line parsed as a JSON object (a line that is not one fails the caller's expectation).
    func objects() throws -> [[String: Any]] {
        try captured.map { try JSONLine.parse($0) }
    }
}

enum JSONLine {
    struct NotAnObject: Error {}

    static func parse(_ line: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw NotAnObject()
        }
        return object
    }
}
