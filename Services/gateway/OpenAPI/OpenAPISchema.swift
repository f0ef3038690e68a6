/// A JSON value of the OpenAPI document under construction (built when the document is first served).
typealias JSONObject = [String: Any]

/// JSON Schema (2020-12, as OpenAPI 3.1 uses it) constructors for the document. Request bodies are closed
/// (`additionalProperties: false`, as the strict decoder refuses unknown fields); responses are open.
enum Schema {
    static func string(
        _ description: String? = nil, format: String? = nil, oneOf values: [String]? = nil, minLength: Int? = nil,
        maxLength: Int? = nil, pattern: String? = nil, example: String? = nil
    ) -> JSONObject {
        var schema: JSONObject = ["type": "string"]
        schema["description"] = description
        schema["format"] = format
        schema["enum"] = values
        schema["minLength"] = minLength
        schema["maxLength"] = maxLength
        schema["pattern"] = pattern
        schema["examples"] = example.map { [$0] }
        return schema
    }

    static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil) -> JSONObject {
        var schema: JSONObject = ["type": "integer"]
        schema["description"] = description
        schema["minimum"] = minimum
        schema["maximum"] = maximum
        return schema
    }

    static func number(_ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil) -> JSONObject {
        var schema: JSONObject = ["type": "number"]
        schema["description"] = description
        schema["minimum"] = minimum
        schema["maximum"] = maximum
        return schema
    }

    static var boolean: JSONObject { ["type": "boolean"] }
    static var dateTime: JSONObject { ["type": "string", "format": "date-time"] }
    static var uuid: JSONObject { ["type": "string", "format": "uuid"] }
    /// Any JSON object (a shape documented elsewhere, or free).
    static func anyObject(_ description: String? = nil) -> JSONObject {
        var schema: JSONObject = ["type": "object"]
        schema["description"] = description
        return schema
    }

    /// Any JSON array.
    static func anyArray(_ description: String? = nil) -> JSONObject {
        var schema: JSONObject = ["type": "array"]
        schema["description"] = description
        return schema
    }

    static func array(_ items: JSONObject, maxItems: Int? = nil, minItems: Int? = nil) -> JSONObject {
        var schema: JSONObject = ["type": "array", "items": items]
        schema["maxItems"] = maxItems
        schema["minItems"] = minItems
        return schema
    }

    /// A request object: only these properties.
    static func closed(_ properties: [String: JSONObject], required: [String] = []) -> JSONObject {
        ["type": "object", "properties": properties, "required": required, "additionalProperties": false]
    }

    /// A response object: at least these properties, `required` always present.
    static func open(_ properties: [String: JSONObject], required: [String] = []) -> JSONObject {
        ["type": "object", "properties": properties, "required": required]
    }

    static func ref(_ name: String) -> JSONObject { ["$ref": "#/components/schemas/\(name)"] }

    /// `{items: [item], <cursor>: string}` (the cursor absent on the last page).
    static func page(of item: String, cursor: String = "next") -> JSONObject {
        open(["items": array(ref(item)), cursor: string("The cursor of the next page.")], required: ["items"])
    }
}
