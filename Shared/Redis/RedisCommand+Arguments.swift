extension RedisCommand {
    /// How many arguments the command has, its name included.
    package var argumentCount: Int { lengths.count }

    /// The bytes of argument `index` (0 is the command name).
    package func argument(at index: Int) -> ArraySlice<UInt8> {
        let start = lengths[..<index].reduce(0, +)
        return storage[start..<(start + lengths[index])]
    }

    /// Argument `index` as upper-cased text, for matching keywords (`STREAMS`, `LOAD`).
    func keyword(at index: Int) -> String {
        String(decoding: argument(at: index), as: UTF8.self).uppercased()
    }
}
