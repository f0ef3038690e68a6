import Logging

/// A swift-log handler that writes one JSON object per line:
///
/// ```json
/// {"timestamp":"2026-05-01T09:30:00.123Z","level":"info","service":"gateway","label":"gateway",
///  "source":"Gateway","message":"HTTP server started","http.port":"8080"}
/// ```
///
/// Metadata is flattened with dot keys (`["job": ["id": "1"]]` becomes `"job.id":"1"`), sorted by key, after
/// the fixed fields; a metadata key equal to a fixed field is written as `metadata.<key>`. Integers, floats and
/// booleans given as `.stringConvertible` stay JSON numbers and booleans. An error attached to the event is
/// written as `error.type` and `error.message` (module errors never carry secrets, STYLE habit 3).
package struct JSONLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let service: String
    private let sink: LogSink

    /// A handler for loggers labelled `label` in the executable `service`, writing to `sink`.
    package init(
        label: String, service: String, logLevel: Logger.Level = .info, sink: LogSink = .standardOutput,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.service = service
        self.logLevel = logLevel
        self.sink = sink
        self.metadataProvider = metadataProvider
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.type"] = .string(String(reflecting: type(of: error)))
            merged["error.message"] = .string(String(describing: error))
        }
        sink.write(render(event, metadata: merged))
    }

    /// The line for `event` with `metadata` already merged.
    func render(_ event: LogEvent, metadata: Logger.Metadata) -> String {
        var writer = JSONWriter()
        writer.string("timestamp", LogTimestamp.now())
        writer.string("level", event.level.rawValue)
        writer.string("service", service)
        writer.string("label", label)
        writer.string("source", event.source)
        writer.string("message", event.message.description)
        var flat: [(key: String, value: Logger.Metadata.Value)] = []
        for (key, value) in metadata {
            Self.flatten(key, value, into: &flat)
        }
        for (key, value) in flat.sorted(by: { $0.key < $1.key }) {
            writer.key(Self.reservedKeys.contains(key) ? "metadata.\(key)" : key)
            writer.raw(Self.json(value))
        }
        return writer.line()
    }

    private static let reservedKeys: Set<String> = ["timestamp", "level", "service", "label", "source", "message"]

    /// Dictionaries become dot keys; every other value is a leaf.
    private static func flatten(
        _ key: String, _ value: Logger.Metadata.Value, into flat: inout [(key: String, value: Logger.Metadata.Value)]
    ) {
        if case .dictionary(let nested) = value, !nested.isEmpty {
            for (subkey, subvalue) in nested {
                flatten("\(key).\(subkey)", subvalue, into: &flat)
            }
        } else {
            flat.append((key, value))
        }
    }

    /// A metadata value as JSON: strings quoted, numbers and booleans bare, arrays and (inside arrays)
    /// dictionaries as JSON arrays and objects.
    private static func json(_ value: Logger.Metadata.Value) -> String {
        var text = ""
        switch value {
        case .string(let string):
            JSONWriter.appendString(string, to: &text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let flag as Bool:
                text = flag ? "true" : "false"
            case let integer as any BinaryInteger:
                text = "\(integer)"
            case let number as Double where number.isFinite:
                text = "\(number)"
            case let number as Float where number.isFinite:
                text = "\(number)"
            default:
                JSONWriter.appendString(convertible.description, to: &text)
            }
        case .array(let values):
            text = "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            var writer = JSONWriter()
            for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
                writer.key(key)
                writer.raw(json(value))
            }
            text = writer.text + "}"
        }
        return text
    }
}
