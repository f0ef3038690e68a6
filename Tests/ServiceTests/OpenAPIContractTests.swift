import Foundation
import Hummingbird
import Testing

@testable import Gateway

/// The OpenAPI document against the router it describes: every route the gateway serves is in `/openapi.json`
/// with its method, and nothing else is, so the contract cannot drift from the code (schemathesis, in
/// `scripts/test`, then checks the answers against it on a running gateway).
@Suite struct OpenAPIContractTests {
    private func routes() throws -> Set<String> {
        let router = buildRouter(
            configuration: try GatewayRouterTests.configuration(), stores: try TestStores.unconnected())
        return Set(
            router.routes.map { route in
                let path = route.path.description.split(separator: "/").map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) /\(path)"
            })
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws {
        let served = try routes()
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let documented = Set(
            paths.flatMap { path, item in
                item.keys.filter { ["get", "put", "post", "patch", "delete"].contains($0) }.map { "\($0) \(path)" }
            })
        #expect(served.subtracting(documented).sorted() == [], "routes missing from the document")
        #expect(documented.subtracting(served).sorted() == [], "documented operations the gateway does not serve")
        // Every request example lands on an operation (a misspelt key would drop it silently).
        let withExamples = Set(
            paths.flatMap { path, item in
                item.compactMap { method, operation -> String? in
                    let content = ((operation as? [String: Any])?["requestBody"] as? [String: Any])?["content"]
                    let media = (content as? [String: [String: Any]])?.values.first
                    return media?["example"] == nil ? nil : "\(method) \(path)"
                }
            })
        #expect(withExamples == Set(OpenAPIExamples.requests().keys))
    }
}
