import Foundation
import Testing

@testable import Gateway

/// The decoder behind strict bodies: every key of the JSON that no decoded type asked for, at any depth,
/// in objects, arrays and dictionaries, by its dotted path.
@Suite struct StrictJSONKeyTrackingTests {
    private struct Outer: StrictJSONBody {
        struct Inner: Decodable, Sendable {
            var a: Int
            var deeper: Deeper?
        }
        struct Deeper: Decodable, Sendable {
            var b: String?
        }
        static let fields: Set<String> = ["inner", "list", "map"]
        static let optionalFields: Set<String> = ["inner", "list", "map"]
        var inner: Inner?
        var list: [Inner]?
        var map: [String: Inner]?
    }

    private func unknownKeys(_ json: String) throws -> [String] {
        try StrictJSON.decodeTrackingKeys(Outer.self, from: Data(json.utf8)).unknownKeys
    }

    @Test func theDecoderNamesEveryKeyNoTypeAskedForAtAnyDepth() throws {
        #expect(try unknownKeys(#"{"inner":{"a":1,"deeper":{"b":"x"}}}"#) == [])
        #expect(try unknownKeys(#"{"inner":{"a":1,"deeper":null}}"#) == [])
        #expect(
            try unknownKeys(#"{"inner":{"a":1,"z":2,"deeper":{"b":"x","c":null}}}"#) == ["inner.deeper.c", "inner.z"])
        #expect(try unknownKeys(#"{"list":[{"a":1},{"a":2,"y":3}]}"#) == ["list.1.y"])
        // A dictionary's keys are its values' names, all known; its values are checked.
        #expect(try unknownKeys(#"{"map":{"k1":{"a":1},"k2":{"a":1,"q":0}}}"#) == ["map.k2.q"])
    }

    /// The field a decoding error names, nil when `json` decodes.
    private func errorField(_ json: String) -> String? {
        do {
            _ = try StrictJSON.decodeTrackingKeys(Outer.self, from: Data(json.utf8))
            return nil
        } catch let error as DecodingError {
            return StrictJSON.fieldError(error).field
        } catch {
            return "\(error)"
        }
    }

    @Test func decodingErrorsStillNameTheirFieldsPath() {
        #expect(errorField(#"{"inner":{"a":1}}"#) == nil)
        #expect(errorField(#"{"inner":{}}"#) == "inner.a")
        #expect(errorField(#"{"inner":{"a":"one"}}"#) == "inner.a")
        #expect(errorField(#"{"list":[{"a":1},{"a":null}]}"#) == "list.1.a")
        #expect(errorField(#"{"map":{"k":{"a":1,"deeper":{"b":2}}}}"#) == "map.k.deeper.b")
        #expect(errorField(#"{"inner":[1]}"#) == "inner")
    }
}
