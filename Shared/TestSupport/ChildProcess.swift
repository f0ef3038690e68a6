import Foundation

/// A child process started with `posix_spawn` and reaped with `waitpid`: predictable under Swift
/// concurrency, where Foundation's `Process.waitUntilExit` (a run-loop spin) can hang.
package final class ChildProcess: @unchecked Sendable {
    package let pid: pid_t
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`; stdout and stderr go to `logPath` (or /dev/null).
    package init(executable: String, arguments: [String], logPath: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let log = logPath ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard result == 0 else { throw TestSupportError("cannot start \(executable): errno \(result)") }
        pid = child
    }

    deinit {
        if isRunning {
            Foundation.kill(pid, SIGKILL)
            _ = waitForExit()
        }
    }

    /// Whether the child has not exited yet (reaps it if it has).
    package var isRunning: Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exitStatus = status
            return false
        }
        return true
    }

    /// Sends a signal.
    package func signal(_ signal: Int32) {
        Foundation.kill(pid, signal)
    }

    /// Blocks until the child exits; returns the raw wait status.
    @discardableResult
    package func waitForExit() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        exitStatus = status
        return status
    }

    /// Waits for the child to exit without blocking a thread of the cooperative pool; returns the wait status.
    package func exited() async -> Int32 {
        while isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return exitStatus ?? 0
    }

    /// Whether the child was ended by `signal`.
    package func wasKilled(by signal: Int32) -> Bool {
        let status = waitForExit()
        return (status & 0x7f) == signal
    }
}
