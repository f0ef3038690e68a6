/// A value that can be sent as one binary-safe argument of a Redis command.
package protocol RedisArgument: Sendable {
    /// Appends the argument's bytes to `buffer`.
    func append(to buffer: inout [UInt8])
}

extension String: RedisArgument {
    package func append(to buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Substring: RedisArgument {
    package func append(to buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
}

extension Int: RedisArgument {
    package func append(to buffer: inout [UInt8]) { buffer.append(contentsOf: String(self).utf8) }
}

extension Double: RedisArgument {
    package func append(to buffer: inout [UInt8]) { buffer.append(contentsOf: String(self).utf8) }
}

extension Array: RedisArgument where Element == UInt8 {
    package func append(to buffer: inout [UInt8]) { buffer.append(contentsOf: self) }
}

/// One command: the arguments packed into a single buffer with their lengths, ready for hiredis' argv API.
package struct RedisCommand: Sendable {
    package private(set) var storage: [UInt8] = []
    package private(set) var lengths: [Int] = []

    package init(_ arguments: [any RedisArgument]) {
        storage.reserveCapacity(64)
        lengths.reserveCapacity(arguments.count)
        for argument in arguments { append(argument) }
    }

    package init(_ arguments: any RedisArgument...) {
        self.init(arguments)
    }

    /// Adds one argument.
    package mutating func append(_ argument: some RedisArgument) {
        let before = storage.count
        argument.append(to: &storage)
        lengths.append(storage.count - before)
    }

    /// Adds one argument given as an existential.
    package mutating func append(any argument: any RedisArgument) {
        let before = storage.count
        argument.append(to: &storage)
        lengths.append(storage.count - before)
    }

    /// The command name, for logs and errors (never the arguments).
    package var name: String {
        guard let first = lengths.first else { return "" }
        return String(decoding: storage[0..<first], as: UTF8.self).uppercased()
    }
}
