import LocalStubServer

/// Provider stand-ins run on a ``LocalStubServer``.
typealias ProviderStubServer = LocalStubServer
