// Redis: filled in by its owner.
