/// Command-line options of `sms-bench` (`--name value` pairs).
struct SMSBenchOptions: Sendable {
    /// Folder of the built `gateway` and `sms-sender`.
    var binPath = ".build/release"
    var redisURL = "redis://127.0.0.1:6391/0"
    var databaseURL = "postgres://ap@127.0.0.1:15433/ap"
    var messages = 10_000
    /// Requests in flight against the API.
    var concurrency = 32
    var httpPort = 28080
    /// `AP_CONCURRENCY` of the sender.
    var senderConcurrency = 32
    /// Where the services' logs go.
    var logDirectory = "/tmp"

    init(arguments: [String]) throws {
        var index = 0
        func value() throws -> String {
            index += 1
            guard index < arguments.count else { throw SMSBenchError("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        func number() throws -> Int {
            let text = try value()
            guard let number = Int(text), number > 0 else { throw SMSBenchError("\(text) is not a positive number") }
            return number
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--bin": binPath = try value()
            case "--redis-url": redisURL = try value()
            case "--database-url": databaseURL = try value()
            case "--n": messages = try number()
            case "--concurrency": concurrency = try number()
            case "--http-port": httpPort = try number()
            case "--sender-concurrency": senderConcurrency = try number()
            case "--log-dir": logDirectory = try value()
            default: throw SMSBenchError("unknown option \(arguments[index])")
            }
            index += 1
        }
    }
}

struct SMSBenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
