/// Where a command must run on a Redis Cluster, read from its arguments: the node owning its (first) key's
/// slot, any node (keyless commands), or every master (the script cache and flushes are per node).
///
/// A table of the commands this code base sends; anything else with arguments is taken to have its key first,
/// which holds for the data-type commands (GET, SET, HSET, ZADD, XADD, XACK, XPENDING, XCLAIM, XAUTOCLAIM, …).
package enum RedisCommandRoute: Sendable, Equatable {
    case slot(Int)
    case anyNode
    case everyMaster

    package init(_ command: RedisCommand) {
        guard command.argumentCount > 0 else {
            self = .anyNode
            return
        }
        switch command.keyword(at: 0) {
        case "EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO":
            // EVALSHA sha numkeys key… arg…: keyless scripts may run anywhere.
            let numberOfKeys = command.argumentCount > 2 ? Int(command.keyword(at: 2)) ?? 0 : 0
            self = numberOfKeys > 0 && command.argumentCount > 3 ? Self.route(command, keyAt: 3) : .anyNode
        case "XREAD", "XREADGROUP":
            let streams = (1..<command.argumentCount).first { command.keyword(at: $0) == "STREAMS" }
            if let streams, streams + 1 < command.argumentCount {
                self = Self.route(command, keyAt: streams + 1)
            } else {
                self = .anyNode
            }
        case "XGROUP", "XINFO", "OBJECT", "MEMORY":
            // Subcommand first, then the key (XGROUP CREATE key …, XINFO GROUPS key).
            self = command.argumentCount > 2 ? Self.route(command, keyAt: 2) : .anyNode
        case "SCRIPT", "FLUSHALL", "FLUSHDB", "FUNCTION":
            self = .everyMaster
        case "PING", "ECHO", "TIME", "INFO", "CLUSTER", "CONFIG", "CLIENT", "DBSIZE", "COMMAND", "HELLO", "AUTH",
            "SELECT", "READONLY", "READWRITE", "ASKING", "WAIT", "LASTSAVE", "ROLE", "KEYS", "SCAN", "RANDOMKEY":
            self = .anyNode
        default:
            self = command.argumentCount > 1 ? Self.route(command, keyAt: 1) : .anyNode
        }
    }

    private static func route(_ command: RedisCommand, keyAt index: Int) -> RedisCommandRoute {
        .slot(RedisHashSlot.slot(of: command.argument(at: index)))
    }
}
