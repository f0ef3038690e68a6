extension Duration {
    /// Whole milliseconds (truncated), for logs.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return seconds < 0 ? .min : .max }
        return milliseconds.partialValue + attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds for libcurl's `*_MS` options, at least 1 (0 would mean "no limit").
    var curlMilliseconds: Int {
        Int(Swift.max(1, wholeMilliseconds))
    }
}
