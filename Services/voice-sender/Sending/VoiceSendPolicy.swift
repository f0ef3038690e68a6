import Foundation
import SendPipeline

/// How the voice sender gathers and sends campaigns (``VoiceSenderConfiguration`` reads it).
package struct VoiceSendPolicy: Sendable {
    /// An open drop campaign is sent once no drop joined it for this long…
    package var quiet: Duration = .seconds(2)
    /// …or once it has been open this long, whichever comes first (a full one goes at once).
    package var maxWait: Duration = .seconds(30)
    /// Drop requests per Voice Partner API key: a bucket of `dropBurst` refilled at `dropsPerMinute`.
    package var dropsPerMinute: Double = 5
    package var dropBurst: Int = 5
    /// Text-to-speech requests per API key and hour.
    package var callsPerHour: Double = 2000
    /// Send attempts of a campaign before its members fail.
    package var maxAttempts: Int = 5
    /// How long a campaign whose send got no answer waits for Voice Partner's callback (the only way to learn
    /// that it took it) before its members fail `outcome_unknown` (never sent twice).
    package var outcomeGrace: Duration = .seconds(900)
    /// The lease of one attempt, from the provider timeout.
    package var lease = SendStateMachine.Settings(providerTimeout: .seconds(15))
    /// Campaign attempts run at once by this process.
    package var concurrency: Int = 4

    package init() {}
}
