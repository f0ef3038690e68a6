/// One entry of a Redis stream: its id and field/value pairs.
package struct RedisStreamEntry: Sendable, Equatable {
    /// The entry id, `<ms>-<seq>`.
    package var id: String
    /// Field → value, binary safe.
    package var fields: [String: [UInt8]]

    package init(id: String, fields: [String: [UInt8]]) {
        self.id = id
        self.fields = fields
    }

    /// Parses `[id, [field, value, ...]]`; nil for a deleted entry (`[id, nil]`, which XAUTOCLAIM and
    /// XREADGROUP on the PEL can return).
    package init?(reply: RESPValue) {
        guard let pair = reply.array, pair.count == 2, let id = pair[0].string, let flat = pair[1].array else {
            return nil
        }
        var fields: [String: [UInt8]] = [:]
        fields.reserveCapacity(flat.count / 2)
        var index = 0
        while index + 1 < flat.count {
            if let name = flat[index].string, let value = flat[index + 1].bytes { fields[name] = value }
            index += 2
        }
        self.init(id: id, fields: fields)
    }

    /// Text value of a field.
    package func string(_ field: String) -> String? {
        fields[field].map { String(decoding: $0, as: UTF8.self) }
    }

    /// Integer value of a field.
    package func int(_ field: String) -> Int? {
        string(field).flatMap { Int($0) }
    }
}

extension RESPValue {
    /// Entries of an `XREADGROUP`/`XREAD` reply for a single stream (`nil` reply → no entries).
    package var streamReadEntries: [RedisStreamEntry] {
        guard let streams = array, let first = streams.first?.array, first.count == 2,
            let entries = first[1].array
        else { return [] }
        return entries.compactMap(RedisStreamEntry.init(reply:))
    }

    /// Entries of an `XRANGE`/`XREVRANGE` reply.
    package var streamRangeEntries: [RedisStreamEntry] {
        (array ?? []).compactMap(RedisStreamEntry.init(reply:))
    }
}
