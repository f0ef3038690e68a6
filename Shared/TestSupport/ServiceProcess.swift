import Foundation
import Synchronization

/// One service executable started by a test, its stdout and stderr collected line by line.
package final class ServiceProcess: Sendable {
    package struct Timeout: Error, CustomStringConvertible {
        package var what: String

        package init(what: String) {
            self.what = what
        }

        package var description: String { "timed out waiting for \(what)" }
    }

    private struct Output {
        var stdout = ""
        var stderr = ""
        var closedStreams = 0
    }

    private let process: Process
    private let output = Mutex(Output())

    /// Starts `product` from the built products folder with exactly `environment` (nothing inherited, so a
    /// key the test leaves out is really missing).
    package init(product: String, environment: [String: String]) throws {
        let process = Process()
        process.executableURL = TestEnvironment.productsDirectory.appendingPathComponent(product)
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        self.process = process
        try process.run()
        drain(stdout.fileHandleForReading, isError: false)
        drain(stderr.fileHandleForReading, isError: true)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }

    /// Reads a pipe to its end on a thread of its own (blocking reads stay off the cooperative pool).
    private func drain(_ handle: FileHandle, isError: Bool) {
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                let text = String(decoding: data, as: UTF8.self)
                output.withLock { output in
                    if isError { output.stderr += text } else { output.stdout += text }
                }
            }
            output.withLock { $0.closedStreams += 1 }
        }
        thread.start()
    }

    package var standardOutput: String { output.withLock { $0.stdout } }
    package var standardError: String { output.withLock { $0.stderr } }

    /// The complete stdout lines parsed as JSON objects; lines that are not JSON are skipped.
    package var logLines: [[String: Any]] {
        standardOutput.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Polls the log until a line carries `key` as an integer (e.g. `http.port`), and returns it.
    package func loggedInteger(_ key: String, timeout: Duration = .seconds(30)) async throws -> Int {
        try await poll(what: "a log line with \(key)", timeout: timeout) {
            logLines.lazy.compactMap { ($0[key] as? NSNumber)?.intValue }.first
        }
    }

    /// Whether the process has not exited yet.
    package var isRunning: Bool { process.isRunning }

    package func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit and its output to be read; returns its exit status (or 128 + signal).
    package func waitForExit(timeout: Duration) async throws -> Int32 {
        try await poll(what: "the process to exit", timeout: timeout) {
            !process.isRunning && output.withLock({ $0.closedStreams == 2 }) ? () : nil
        }
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }

    private func poll<Value>(what: String, timeout: Duration, _ probe: () -> Value?) async throws -> Value {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = probe() { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        if let value = probe() { return value }
        throw Timeout(what: what)
    }
}
