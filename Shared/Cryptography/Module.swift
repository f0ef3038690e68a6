// Cryptography: filled in by its owner.
