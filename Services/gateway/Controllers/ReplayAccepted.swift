/// The answer to a dead-letter replay (202): `{"jobId":"..."}`, the id to follow the job by.
package struct ReplayAccepted: Sendable, Hashable, Codable {
    package var jobId: String

    package init(jobId: String) {
        self.jobId = jobId
    }
}
