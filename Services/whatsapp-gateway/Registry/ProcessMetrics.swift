import Foundation

/// This process's CPU use since the previous sample and its resident memory, read from `/proc/self`
/// (Linux). Values are nil where `/proc` is unavailable.
struct ProcessMetrics {
    private var lastCPUTicks: Double?
    private var lastSample = ContinuousClock.now

    /// CPU percent (100 = one core busy) since the previous call, and resident bytes.
    mutating func sample() -> (cpuPercent: Double?, memoryBytes: Int64?) {
        let now = ContinuousClock.now
        let ticks = Self.cpuTicks()
        var percent: Double?
        if let ticks, let lastCPUTicks {
            let elapsed = now - lastSample
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
            if seconds > 0, hertz > 0 { percent = ((ticks - lastCPUTicks) / hertz / seconds * 1000).rounded() / 10 }
        }
        lastCPUTicks = ticks
        lastSample = now
        return (percent, Self.residentBytes())
    }

    /// utime + stime of `/proc/self/stat`, in clock ticks.
    private static func cpuTicks() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return user + system
    }

    /// The second field of `/proc/self/statm` (resident pages) times the page size.
    private static func residentBytes() -> Int64? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }
}
