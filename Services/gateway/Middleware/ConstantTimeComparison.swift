/// Byte comparison whose duration depends only on the expected value's length, not on where the inputs
/// differ, so that a secret cannot be guessed byte by byte from response times.
enum ConstantTimeComparison {
    static func equals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = given.count ^ expected.count
        for index in expected.indices {
            // Reads past the end of a shorter input wrap around; the length difference already fails it.
            let byte = given.isEmpty ? 0 : given[index % given.count]
            difference |= Int(byte ^ expected[index])
        }
        return difference == 0 && !expected.isEmpty
    }
}
