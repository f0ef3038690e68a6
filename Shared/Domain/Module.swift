// Domain: filled in by its owner.
