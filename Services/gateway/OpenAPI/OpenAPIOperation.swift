/// One operation of the document: what `register(on:)` serves, described.
struct OpenAPIOperation {
    enum Auth: String {
        case apiKey, adminSecret, workerToken, none
        /// A provider's own signature or token (documented in the summary); no bearer.
        case provider
    }

    var method: String
    var path: String
    var tag: String
    var summary: String
    var auth: Auth = .apiKey
    /// Query parameters: name, schema, required.
    var query: [(String, JSONObject, Bool)] = []
    var headers: [(String, JSONObject)] = []
    var body: JSONObject?
    var bodyType = "application/json"
    /// Documented answers: status, description, schema (nil: no body), content type.
    var responses: [(Int, String, JSONObject?, String)] = []
    /// Other content types the answers with a body may have (a QR code as an image).
    var alternateTypes: [String] = []
    /// An example request body (``OpenAPIExamples``).
    var example: JSONObject?

    init(
        _ method: String, _ path: String, tag: String, _ summary: String, auth: Auth = .apiKey,
        query: [(String, JSONObject, Bool)] = [], headers: [(String, JSONObject)] = [], body: JSONObject? = nil,
        bodyType: String = "application/json", responses: [(Int, String, JSONObject?)] = [],
        responseType: String = "application/json"
    ) {
        self.method = method
        self.path = path
        self.tag = tag
        self.summary = summary
        self.auth = auth
        self.query = query
        self.headers = headers
        self.body = body
        self.bodyType = bodyType
        self.responses = responses.map { ($0.0, $0.1, $0.2, responseType) }
    }

    /// The operation object; every operation also has its problem+json errors as `default`.
    func rendered() -> JSONObject {
        var parameters: [JSONObject] = []
        for part in path.split(separator: "/") where part.hasPrefix("{") {
            let name = String(part.dropFirst().dropLast())
            parameters.append(["name": name, "in": "path", "required": true, "schema": Schema.string(minLength: 1)])
        }
        for (name, schema, required) in query {
            parameters.append(["name": name, "in": "query", "required": required, "schema": schema])
        }
        for (name, schema) in headers {
            parameters.append(["name": name, "in": "header", "required": false, "schema": schema])
        }
        var answers: JSONObject = [
            "default": [
                "description": "An error: application/problem+json with a stable `type`, a `detail` and, for bad "
                    + "input, `errors` naming each field.",
                "content": ["application/problem+json": ["schema": Schema.ref("Problem")]],
            ]
        ]
        for (status, description, schema, type) in responses {
            var answer: JSONObject = ["description": description]
            if let schema {
                var content: JSONObject = [type: ["schema": schema]]
                for alternate in alternateTypes { content[alternate] = ["schema": Schema.string()] }
                answer["content"] = content
            }
            answers[String(status)] = answer
        }
        var operation: JSONObject = [
            "tags": [tag], "summary": summary, "responses": answers,
            "operationId": method
                + path.split(separator: "/").map { part in
                    let word = part.trimmingCharacters(in: ["{", "}"])
                    return word.prefix(1).uppercased() + word.dropFirst()
                }.joined().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ".", with: ""),
        ]
        switch auth {
        case .apiKey, .adminSecret, .workerToken: operation["security"] = [[auth.rawValue: [String]()]]
        case .none, .provider: operation["security"] = [JSONObject]()
        }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body {
            var media: JSONObject = ["schema": body]
            media["example"] = example
            operation["requestBody"] = ["required": true, "content": [bodyType: media]]
        }
        return operation
    }
}
