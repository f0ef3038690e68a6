import Foundation

/// Groups waiting drops into campaign requests: one per account, audio and sender, of at most
/// ``VoicePartnerDropRequest/maxNumbers`` numbers, a number at most once per batch, oldest first, so the
/// 5-requests-a-minute limit carries hundreds of drops a minute. Pure: the sender feeds it what it claimed.
package enum VoiceDropBatches {
    package struct Drop: Sendable, Equatable {
        package var messageID: UUID
        package var accountID: UUID
        package var tokenAudio: String
        package var sender: String?
        /// E.164.
        package var recipient: String

        package init(messageID: UUID, accountID: UUID, tokenAudio: String, sender: String?, recipient: String) {
            self.messageID = messageID
            self.accountID = accountID
            self.tokenAudio = tokenAudio
            self.sender = sender
            self.recipient = recipient
        }
    }

    package struct Key: Sendable, Hashable {
        package var accountID: UUID
        package var tokenAudio: String
        package var sender: String?
    }

    package struct Batch: Sendable, Equatable {
        package var key: Key
        package var drops: [Drop]
        package var phoneNumbers: [String] { drops.map(\.recipient) }
    }

    /// The batches, in the order of each one's oldest drop. A second drop to a number already in a batch
    /// starts the next batch of that key (one campaign never lists a number twice).
    package static func plan(_ drops: [Drop], limit: Int = VoicePartnerDropRequest.maxNumbers) -> [Batch] {
        var batches: [Batch] = []
        var open: [Key: (index: Int, numbers: Set<String>)] = [:]
        for drop in drops {
            let key = Key(accountID: drop.accountID, tokenAudio: drop.tokenAudio, sender: drop.sender)
            if let current = open[key], batches[current.index].drops.count < limit,
                !current.numbers.contains(drop.recipient)
            {
                batches[current.index].drops.append(drop)
                open[key]?.numbers.insert(drop.recipient)
            } else {
                batches.append(Batch(key: key, drops: [drop]))
                open[key] = (batches.count - 1, [drop.recipient])
            }
        }
        return batches
    }
}
