import Redis

/// The Redis server's own CPU time (user + sys from `INFO cpu`), to charge each job its server cost.
struct RedisCPU {
    let redis: RedisPool

    func seconds() async throws -> Double {
        let info = try await redis.send("INFO", "cpu").string ?? ""
        var total = 0.0
        for line in info.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0] == "used_cpu_user" || parts[0] == "used_cpu_sys" {
                total += Double(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        return total
    }
}
