// ServiceRuntime: filled in by its owner.
