import Hummingbird

/// `PUT /api/channels/whatsapp/credentials/cloud` body, and (as JSON, sealed) what is stored:
/// `{"appSecret": "…", "verifyToken": "…"}`: the Meta app's secret, which signs the Cloud API webhooks
/// (`X-Hub-Signature-256`), and the verify token chosen when subscribing the webhook (`hub.verify_token`).
struct CloudWebhookCredentials: StrictJSONBody, Encodable {
    static let fields: Set<String> = ["appSecret", "verifyToken"]
    var appSecret: String
    var verifyToken: String

    func validationErrors() -> [ProblemDetails.FieldError] {
        AccountFieldRules.token(appSecret, field: "appSecret")
            + AccountFieldRules.token(verifyToken, field: "verifyToken")
    }
}
