extension Migration {
    /// The WhatsApp worker registry: one row per worker id, owned by the process (`instance_id`) that
    /// registered it last. Liveness is not stored here but in a Redis key with a TTL that heartbeats renew.
    static let workers = Migration(
        version: 4,
        name: "workers",
        sql: """
            create table workers (
                id text primary key,
                instance_id uuid not null,
                endpoint text not null,
                max_sessions int not null check (max_sessions > 0),
                status text not null check (status in ('online', 'stopped')),
                sessions int not null default 0,
                cpu_percent double precision,
                memory_bytes bigint,
                active_connections int,
                registered_at timestamptz not null default now(),
                last_heartbeat_at timestamptz not null default now(),
                stopped_at timestamptz
            );
            """
    )
}
