import Synchronization

/// Idle easy handles, most recently used first, so that consecutive requests land on the handle whose
/// connection to the host is still open.
///
/// Handles are not shared across threads for connection caching (libcurl's shared connection cache is not
/// safe across concurrent threads); each handle keeps its own.
final class CurlHandlePool: Sendable {
    private let state: Mutex<State>

    private struct State {
        var idle: [CurlEasyHandle] = []
        var closed = false
    }

    /// Keeps at most `capacity` idle handles (one per transfer thread is enough).
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State())
    }

    /// The most recently returned idle handle, or a new one.
    func checkOut() throws(CurlFailure) -> CurlEasyHandle {
        if let handle = state.withLock({ $0.idle.popLast() }) {
            return handle
        }
        return try CurlEasyHandle()
    }

    /// Returns a handle for reuse; it is freed instead when the pool is full or closed.
    func checkIn(_ handle: CurlEasyHandle) {
        let extra: CurlEasyHandle? = state.withLock { state in
            guard !state.closed, state.idle.count < capacity else { return handle }
            state.idle.append(handle)
            return nil
        }
        // Freed outside the lock: curl_easy_cleanup may close connections.
        _ = extra
    }

    /// Frees the idle handles and their connections; handles still in use are freed when returned.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        _ = idle
    }
}
