/// Stream entry ids (`<milliseconds>-<sequence>`) compared as Redis orders them: by milliseconds, then by
/// sequence, as numbers.
enum StreamID {
    /// The lowest of `ids` (`0-0` for none).
    static func lowest(in ids: [String]) -> String {
        ids.min { parse($0) < parse($1) } ?? "0-0"
    }

    /// The highest of `ids` (`0-0` for none).
    static func highest(in ids: [String]) -> String {
        ids.max { parse($0) < parse($1) } ?? "0-0"
    }

    private static func parse(_ id: String) -> Key {
        let parts = id.split(separator: "-", maxSplits: 1)
        return Key(
            milliseconds: parts.first.flatMap { UInt64($0) } ?? 0,
            sequence: parts.count > 1 ? UInt64(parts[1]) ?? 0 : 0)
    }

    private struct Key: Comparable {
        var milliseconds: UInt64
        var sequence: UInt64

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
        }
    }
}
