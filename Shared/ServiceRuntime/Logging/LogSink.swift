import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where finished log lines go. Each call receives one whole line (ending in a newline) and must write it
/// without interleaving it with any other line.
package struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    /// A sink that hands every line to `write`, which must be safe to call from many threads at once.
    package init(_ write: @escaping @Sendable (String) -> Void) {
        self.writeLine = write
    }

    /// Writes one line.
    package func write(_ line: String) {
        writeLine(line)
    }

    /// The process's standard output.
    package static let standardOutput = LogSink { FileDescriptorWriter.write($0, to: 1) }
    /// The process's standard error.
    package static let standardError = LogSink { FileDescriptorWriter.write($0, to: 2) }
}

/// Unbuffered writes to a file descriptor, serialised by one process-wide lock so that lines written from
/// different threads (and long lines a pipe would split) never interleave.
enum FileDescriptorWriter {
    private static let lock = Mutex(())

    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        lock.withLock { _ in
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return }
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(descriptor, base + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return  // a closed or full stream: dropping the line beats crashing the service
                    }
                }
            }
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #elseif canImport(Musl)
            Musl.write(descriptor, bytes, count)
        #else
            Darwin.write(descriptor, bytes, count)
        #endif
    }
}
