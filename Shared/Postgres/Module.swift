// Postgres: filled in by its owner.
