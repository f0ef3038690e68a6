import Domain
import Foundation

/// One status history row, as the event outbox relays it.
package struct HistoryEvent: Sendable, Hashable {
    package var id: Int64
    package var messageID: UUID
    package var accountID: UUID
    package var channel: Channel
    package var status: MessageStatus
    package var detail: String?
    package var providerCode: String?
    package var at: Date
}
