import Foundation
import JobRuntime
import Logging
import Outbox

/// Handles `hunt.run` jobs with ``HuntRunner``. A failing hunt fails its own job (retried with backoff), never
/// another hunt's.
struct HuntRunHandler: Sendable {
    let runner: HuntRunner

    var jobHandler: JobHandler {
        { job in
            guard job.name == HuntRunJob.name, let payload = HuntRunJob.decode(job.payload) else {
                throw JobFailure.permanent("the hunt queue expects hunt.run {accountId, huntId}")
            }
            let kind = payload.kind.flatMap(HuntRunner.Kind.init(rawValue:)) ?? .daily
            _ = try await runner.run(accountID: payload.accountId, huntID: payload.huntId, kind: kind)
        }
    }
}
