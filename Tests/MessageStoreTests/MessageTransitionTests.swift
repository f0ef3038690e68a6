import MessageStore
import Testing

@Suite("Message status transitions")
struct MessageTransitionTests {
    @Test(
        "forward steps apply",
        arguments: [
            (MessageStatus.pending, MessageStatus.queued), (.pending, .sent), (.pending, .failed),
            (.pending, .cancelled), (.queued, .sent), (.queued, .failed), (.queued, .cancelled),
            (.sent, .delivered), (.sent, .undelivered), (.sent, .failed),
        ])
    func forward(from: MessageStatus, to: MessageStatus) {
        #expect(MessageTransition(from: from, to: to).decision == .apply)
    }

    @Test(
        "a status already reached or passed on the success path is a no-op",
        arguments: [
            (MessageStatus.sent, MessageStatus.sent), (.sent, .queued), (.sent, .pending), (.queued, .pending),
            (.delivered, .sent), (.undelivered, .queued), (.failed, .failed), (.pending, .pending),
        ])
    func unchanged(from: MessageStatus, to: MessageStatus) {
        #expect(MessageTransition(from: from, to: to).decision == .unchanged)
    }

    @Test(
        "leaving a final state or skipping back is refused",
        arguments: [
            (MessageStatus.failed, MessageStatus.sent), (.failed, .pending), (.cancelled, .queued),
            (.delivered, .undelivered), (.undelivered, .delivered), (.delivered, .failed), (.sent, .cancelled),
            (.pending, .delivered), (.queued, .undelivered),
        ])
    func rejected(from: MessageStatus, to: MessageStatus) {
        #expect(MessageTransition(from: from, to: to).decision == .rejected)
    }

    @Test("final states are exactly delivered, undelivered, failed and cancelled")
    func finalStates() {
        #expect(Set(MessageStatus.allCases.filter(\.isFinal)) == [.read, .undelivered, .failed, .cancelled])
    }
}
