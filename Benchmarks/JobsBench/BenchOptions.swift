/// Command-line options of `jobs-bench` (`--name value` pairs).
struct BenchOptions {
    var redisURL = "redis://127.0.0.1:6390/0"
    var jobs = 20_000
    var concurrencies = [1, 10, 50]
    var batch = 1_000
    var prefetch = 32
    var role = "bench"
    var queue = "bench"
    var repeats = 1

    init(arguments: [String]) throws {
        var index = 0
        func value() throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchError.usage("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--redis-url": redisURL = try value()
            case "--n": jobs = try Int(value()).orThrow("--n takes a number")
            case "--concurrency":
                concurrencies = try value().split(separator: ",").map {
                    try Int($0).orThrow("--concurrency takes numbers")
                }
            case "--batch": batch = try Int(value()).orThrow("--batch takes a number")
            case "--prefetch": prefetch = try Int(value()).orThrow("--prefetch takes a number")
            case "--repeats": repeats = try Int(value()).orThrow("--repeats takes a number")
            case "--role": role = try value()
            case "--queue": queue = try value()
            default: throw BenchError.usage("unknown option \(arguments[index])")
            }
            index += 1
        }
    }
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case failed(String)

    var description: String {
        switch self {
        case .usage(let why): "usage: \(why)"
        case .failed(let why): why
        }
    }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw BenchError.usage(message) }
        return self
    }
}
