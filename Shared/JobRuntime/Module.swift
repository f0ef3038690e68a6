// JobRuntime: filled in by its owner.
