import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Plain HTTP GETs against a server on this machine, with a short timeout.
enum HTTPProbe {
    struct Reply: Sendable {
        var status: Int
        var contentType: String?
        var body: Data

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }
    }

    static func get(port: Int, path: String, bearer: String? = nil) async throws -> Reply {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 5
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), body: data)
    }
}

extension HTTPProbe {
    /// A request with a JSON body (or none) and an optional bearer token.
    static func send(
        _ method: String, port: Int, path: String, bearer: String? = nil, json: [String: Any]? = nil
    ) async throws -> Reply {
        var headers: [String: String] = [:]
        if let bearer { headers["Authorization"] = "Bearer \(bearer)" }
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await raw(
            method, port: port, path: path, body: try json.map { try JSONSerialization.data(withJSONObject: $0) },
            headers: headers)
    }
}

extension HTTPProbe {
    /// A request with raw body bytes and the given headers (provider webhooks).
    static func raw(
        _ method: String, port: Int, path: String, body: Data?, headers: [String: String] = [:]
    ) async throws -> Reply {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), body: data)
    }
}
