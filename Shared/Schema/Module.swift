// Schema: filled in by its owner.
