import Foundation

/// The gateway's OpenAPI 3.1 contract, served at `/openapi.json` (and read by `/docs`). Written beside the
/// routes (one file per area) and checked two ways: `OpenAPIContractTests` compares its operations with the
/// router's routes, and schemathesis (`scripts/schemathesis`, run by `scripts/test`) sends generated requests to
/// a running gateway and checks every answer against it.
package enum OpenAPIDocument {
    /// The document as JSON bytes, built once.
    package static let json: [UInt8] = {
        let operations =
            messagingOperations() + whatsAppOperations() + huntOperations() + adminOperations()
            + webhookOperations() + dashboardOperations()
        var paths: [String: JSONObject] = [:]
        let examples = OpenAPIExamples.requests()
        for var operation in operations {
            operation.example = examples["\(operation.method) \(operation.path)"]
            paths[operation.path, default: [:]][operation.method] = operation.rendered()
        }
        let bearer = { (description: String) -> JSONObject in
            ["type": "http", "scheme": "bearer", "description": description]
        }
        let document: JSONObject = [
            "openapi": "3.1.0",
            "info": [
                "title": "Auto-Prospect gateway", "version": "1.0.0",
                "description":
                    "Outbound messaging (SMS, WhatsApp, ringless voicemail) to the owners of classified ads: "
                    + "accounts and keys, sends with credits, sessions, hunts, leads, customer webhooks. Errors are "
                    + "application/problem+json.",
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "schemas": OpenAPIComponents.schemas(),
                "securitySchemes": [
                    "apiKey": bearer("An account's API key: the account's own resources."),
                    "adminSecret": bearer("The operator's admin secret (AP_ADMIN_SECRET)."),
                    "workerToken": bearer("The whatsapp-gateway workers' token (AP_WORKER_TOKEN)."),
                ],
            ],
        ]
        return Array((try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data())
    }()
}
