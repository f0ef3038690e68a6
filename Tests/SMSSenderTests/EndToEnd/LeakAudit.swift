import Foundation
import Synchronization
import TestSupport
import Testing

/// Remembers what must never show in a log line or an error text (recipients, message bodies, API keys,
/// provider tokens) and checks every service log of the run, and every error field the test read, for them.
final class LeakAudit: Sendable {
    private struct State {
        var secrets: [String: String] = [:]  // value → what it is, for the report
        var processes: [(name: String, process: ServiceProcess)] = []
        var errorTexts: [String] = []
    }

    private let state = Mutex(State())

    /// `value` must not leak; `kind` names it in a report (never the value itself).
    func secret(_ value: String, kind: String) {
        // Short values ("Bonjour") would match ordinary words.
        guard value.count >= 8 else { return }
        state.withLock { $0.secrets[value] = kind }
    }

    /// A process whose output is checked at the end.
    func watch(_ process: ServiceProcess, as name: String) {
        state.withLock { $0.processes.append((name, process)) }
    }

    /// Remembers the request's recipient, text and credentials, and the reply's error texts.
    func record(request json: [String: Any]?, reply: [String: Any]) {
        if let json {
            for field in ["recipient", "to"] {
                if let value = json[field] as? String { secret(value, kind: "a recipient") }
            }
            if let text = json["text"] as? String { secret(text, kind: "a message body") }
            for field in ["authToken", "apiKey", "webhookSecret", "accessToken", "appSecret"] {
                if let value = json[field] as? String { secret(value, kind: "a credential (\(field))") }
            }
        }
        var texts: [String] = []
        for field in ["errorMessage", "detail", "lastError"] {
            if let text = reply[field] as? String { texts.append(text) }
        }
        for entry in reply["history"] as? [[String: Any]] ?? [] {
            if let detail = entry["detail"] as? String { texts.append(detail) }
        }
        if !texts.isEmpty { state.withLock { $0.errorTexts += texts } }
    }

    /// Records an issue for every secret found in a watched process's output or in an error text read.
    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        let (secrets, processes, errorTexts) = state.withLock { ($0.secrets, $0.processes, $0.errorTexts) }
        var places = processes.map { ("the \($0.name) log", $0.process.standardOutput + $0.process.standardError) }
        places.append(("an error field read through the API", errorTexts.joined(separator: "\n")))
        for (place, text) in places {
            for (value, kind) in secrets where text.contains(value) {
                Issue.record("\(kind) appears in \(place)", sourceLocation: sourceLocation)
            }
        }
    }
}
