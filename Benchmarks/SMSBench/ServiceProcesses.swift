import Foundation

/// The `gateway` and `sms-sender` processes under measurement, their output appended to log files.
final class ServiceProcesses: @unchecked Sendable {
    private var processes: [Process] = []

    func start(_ executable: String, environment: [String: String], log: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes.append(process)
    }

    /// Whether every started process is still running.
    var allRunning: Bool { processes.allSatisfy(\.isRunning) }

    /// SIGTERM, then SIGKILL whatever is still running a few seconds later.
    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(15)
        while processes.contains(where: \.isRunning) && Date() < deadline { usleep(50_000) }
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
