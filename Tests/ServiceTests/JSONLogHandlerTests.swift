import Foundation
import Logging
import Synchronization
import Testing

@testable import ServiceRuntime

@Suite struct JSONLogHandlerTests {
    struct SampleError: Error, CustomStringConvertible {
        var description: String { "the sample failed" }
    }

    @Test func aLineIsOneJSONObjectWithTheFixedFields() throws {
        let capture = LogCapture()
        let logger = capture.logger(label: "sms.sender", service: "sms-sender")
        logger.info("Job completed")
        let lines = capture.captured
        #expect(lines.count == 1)
        #expect(lines[0].hasSuffix("}\n"))
        #expect(lines[0].dropLast().contains("\n") == false)
        let object = try JSONLine.parse(lines[0])
        #expect(object["level"] as? String == "info")
        #expect(object["service"] as? String == "sms-sender")
        #expect(object["label"] as? String == "sms.sender")
        #expect(object["message"] as? String == "Job completed")
        #expect(object["source"] as? String == "ServiceTests")
        let timestamp = try #require(object["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
    }

    @Test func metadataIsFlattenedWithDotKeys() throws {
        let capture = LogCapture()
        var logger = capture.logger()
        logger[metadataKey: "worker.id"] = "w-1"
        logger.info(
            "Sent",
            metadata: [
                "job": ["id": "j-42", "attempt": .stringConvertible(2), "queue": ["name": "sms"]],
                "provider.name": "smsmobileapi",
                "tags": ["a", "b"],
                "dry": .stringConvertible(true),
                "message": "a metadata key that collides with a fixed field",
            ]
        )
        let object = try #require(try capture.objects().first)
        #expect(object["worker.id"] as? String == "w-1")
        #expect(object["job.id"] as? String == "j-42")
        #expect((object["job.attempt"] as? NSNumber)?.intValue == 2)
        #expect(object["job.queue.name"] as? String == "sms")
        #expect(object["provider.name"] as? String == "smsmobileapi")
        #expect(object["tags"] as? [String] == ["a", "b"])
        #expect(object["dry"] as? Bool == true)
        #expect(object["job"] == nil)
        #expect(object["message"] as? String == "Sent")
        #expect(object["metadata.message"] as? String == "a metadata key that collides with a fixed field")
    }

    @Test func stringsAreEscaped() throws {
        let capture = LogCapture()
        let logger = capture.logger()
        let tricky =
            "quote \" backslash \\ newline \n tab \t bell \u{07} nul \u{00} del \u{7F} separator \u{2028} é 🚀"
        logger.warning("\(tricky)", metadata: ["key \"with\" quotes\n": "\(tricky)"])
        let line = try #require(capture.captured.first)
        #expect(line.filter { $0 == "\n" }.count == 1)
        #expect(!line.contains("\u{2028}"))
        let object = try JSONLine.parse(line)
        #expect(object["message"] as? String == tricky)
        #expect(object["key \"with\" quotes\n"] as? String == tricky)
    }

    @Test func anAttachedErrorIsLoggedWithItsType() throws {
        let capture = LogCapture()
        capture.logger().error("Failed", error: SampleError())
        let object = try #require(try capture.objects().first)
        #expect(object["error.message"] as? String == "the sample failed")
        #expect((object["error.type"] as? String)?.hasSuffix("SampleError") == true)
    }

    @Test func levelsBelowTheHandlersAreDropped() {
        let capture = LogCapture()
        let logger = capture.logger(level: .notice)
        logger.info("dropped")
        logger.debug("dropped")
        logger.notice("kept")
        #expect(capture.captured.count == 1)
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(LogTimestamp.format(seconds: 0, milliseconds: 5) == "1970-01-01T00:00:00.005Z")
        #expect(LogTimestamp.format(seconds: 1_700_000_000, milliseconds: 987) == "2023-11-14T22:13:20.987Z")
    }

    /// Long lines (far past the pipe's atomic-write size) written from many threads at once arrive whole.
    /// Plain threads, not tasks: writers block on the full pipe and must not starve the reader of a thread.
    @Test func concurrentLinesNeverInterleaveOnAFileDescriptor() throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        let received = Mutex(Data())
        let readerDone = DispatchSemaphore(value: 0)
        Thread {
            let data = FileHandle(fileDescriptor: readEnd, closeOnDealloc: true).readDataToEndOfFile()
            received.withLock { $0 = data }
            readerDone.signal()
        }.start()
        let writers = 8
        let linesPerWriter = 20
        let writersDone = DispatchGroup()
        for writer in 0..<writers {
            writersDone.enter()
            Thread {
                let logger = Logger(label: "writer") { label in
                    JSONLogHandler(
                        label: label, service: "test", logLevel: .info,
                        sink: LogSink { FileDescriptorWriter.write($0, to: writeEnd) }
                    )
                }
                let filler = String(repeating: Character(UnicodeScalar(UInt8(65 + writer))), count: 70_000)
                for index in 0..<linesPerWriter {
                    logger.info("line", metadata: ["writer": "\(writer)", "index": "\(index)", "filler": "\(filler)"])
                }
                writersDone.leave()
            }.start()
        }
        writersDone.wait()
        close(writeEnd)
        readerDone.wait()
        let lines = String(decoding: received.withLock { $0 }, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == writers * linesPerWriter)
        var seen = Set<String>()
        for line in lines {
            let object = try JSONLine.parse(String(line))
            let writer = try #require(object["writer"] as? String)
            let filler = try #require(object["filler"] as? String)
            #expect(filler.count == 70_000 && Set(filler).count == 1)
            seen.insert("\(writer)/\(object["index"] as? String ?? "?")")
        }
        #expect(seen.count == writers * linesPerWriter)
    }

    @Test func bootstrapHappensOnlyOnce() {
        // The test process may already have bootstrapped; either way a second call must be a no-op.
        LoggingBootstrap.bootstrap(service: "test", level: .critical, sink: LogSink { _ in })
        #expect(LoggingBootstrap.bootstrap(service: "test", level: .critical, sink: LogSink { _ in }) == false)
    }
}
