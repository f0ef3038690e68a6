import Domain
import Foundation
import Hummingbird
import Logging

/// The worker registry's routes:
///
/// - behind the worker token (``AdminAuthMiddleware`` with `AP_WORKER_TOKEN`), under `/api/admin/workers`:
///   `POST register` ``WorkerRegistration`` → 201 ``WorkerAcknowledgement`` (`heartbeatIntervalSeconds`, and
///   `lapseSeconds`: three intervals, the live key's TTL; 409 `worker-id-in-use` when another live process
///   holds the id); `PUT {id}/heartbeat` ``WorkerHeartbeat`` → 200 with the same acknowledgement (404
///   `unknown-worker` when this process does not own the id: register again); `POST {id}/deregister`
///   ``WorkerDeregistration`` → 204;
/// - behind the admin secret: `GET /api/admin/workers` → `[WorkerResource]`.
struct WorkerController: Sendable {
    let registry: WorkerRegistry
    let heartbeatInterval: Duration
    /// Called after a worker deregistered (a graceful stop): its sessions are handed over at once.
    var onDeregistered: @Sendable (String, Logger) async -> Void = { _, _ in }

    func registerWorkerRoutes(on group: RouterGroup<GatewayRequestContext>) {
        group.post("register") { request, context in
            let registration = try await request.decodeStrict(WorkerRegistration.self, context: context)
            do {
                try await registry.register(registration)
            } catch WorkerRegistry.Failure.idInUse {
                throw Self.idInUse
            }
            context.logger.info(
                "Worker registered",
                metadata: [
                    "worker.id": "\(registration.workerId)", "worker.max_sessions": "\(registration.maxSessions)",
                ])
            return try Response.json(acknowledgement(registration.workerId), status: .created)
        }
        group.put(":id/heartbeat") { request, context in
            let id = try Self.workerID(context)
            let beat = try await request.decodeStrict(WorkerHeartbeat.self, context: context)
            do {
                try await registry.heartbeat(workerID: id, beat)
            } catch WorkerRegistry.Failure.notRegistered {
                throw Self.unknownWorker
            } catch WorkerRegistry.Failure.idInUse {
                throw Self.idInUse
            }
            return try Response.json(acknowledgement(id))
        }
        group.post(":id/deregister") { request, context in
            let id = try Self.workerID(context)
            let body = try await request.decodeStrict(WorkerDeregistration.self, context: context)
            do {
                try await registry.deregister(workerID: id, instance: body.instanceId)
            } catch WorkerRegistry.Failure.notRegistered {
                throw Self.unknownWorker
            }
            context.logger.info("Worker deregistered", metadata: ["worker.id": "\(id)"])
            await onDeregistered(id, context.logger)
            return Response(status: .noContent)
        }
    }

    func registerAdminRoutes(on group: RouterGroup<GatewayRequestContext>) {
        group.get { _, _ in try Response.json(try await registry.list()) }
    }

    private func acknowledgement(_ id: String) -> WorkerAcknowledgement {
        WorkerAcknowledgement(
            workerId: id, status: "online", heartbeatIntervalSeconds: Self.seconds(heartbeatInterval),
            lapseSeconds: Self.seconds(registry.liveness.ttl))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func workerID(_ context: GatewayRequestContext) throws -> String {
        guard let id = AdminParameters.path("id", context), WorkerID.isValid(id) else { throw unknownWorker }
        return id
    }

    static let idInUse = ProblemDetails(
        status: .conflict, type: "urn:auto-prospect:problem:worker-id-in-use",
        detail: "Another live process is registered with this worker id.")

    static let unknownWorker = ProblemDetails(
        status: .notFound, type: "urn:auto-prospect:problem:unknown-worker",
        detail: "This process has no registration under this worker id: register first.")
}
