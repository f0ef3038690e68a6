// swift-tools-version:6.0
// Auto-Prospect workers: one package, five independently deployable services, shared libraries.

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

// MARK: - Dependencies

let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdCore = Target.Dependency.product(name: "HummingbirdCore", package: "hummingbird")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioHTTPTypes = Target.Dependency.product(name: "NIOHTTPTypes", package: "swift-nio-extras")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")

// MARK: - Target helpers

/// A C library reached through pkg-config, imported by exactly one Swift wrapper.
func cLibrary(_ name: String, pkgConfig: String, apt: [String]) -> Target {
    .systemLibrary(name: name, path: "Shared/\(name)", pkgConfig: pkgConfig, providers: [.apt(apt)])
}

/// A shared library module under `Shared/<name>`.
func shared(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies, path: "Shared/\(name)", swiftSettings: swiftSettings)
}

/// A service executable under `Services/<kebab-name>` with an UpperCamel module name.
func service(_ module: String, folder: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: module, dependencies: dependencies, path: "Services/\(folder)", swiftSettings: swiftSettings)
}

func tests(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, path: "Tests/\(name)", swiftSettings: swiftSettings)
}

let serviceBase: [Target.Dependency] = ["ServiceRuntime", "Domain", logging, lifecycle]

let package = Package(
    name: "auto-prospect-workers",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gateway", targets: ["Gateway"]),
        .executable(name: "whatsapp-gateway", targets: ["WhatsAppGateway"]),
        .executable(name: "sms-sender", targets: ["SMSSender"]),
        .executable(name: "voice-sender", targets: ["VoiceSender"]),
        .executable(name: "hunt-orchestrator", targets: ["HuntOrchestrator"]),
        .executable(name: "jobs-bench", targets: ["JobsBench"]),
        .executable(name: "sms-bench", targets: ["SMSBench"]),
        .executable(name: "test-probe", targets: ["TestProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // The gateway's own channel handler (a request read deadline) sits in Hummingbird's NIO pipeline.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: C libraries
        cLibrary("CHiredis", pkgConfig: "hiredis", apt: ["libhiredis-dev"]),
        cLibrary("CLibPQ", pkgConfig: "libpq", apt: ["libpq-dev"]),
        cLibrary("CCurl", pkgConfig: "libcurl", apt: ["libcurl4-openssl-dev"]),
        cLibrary("COpenSSL", pkgConfig: "openssl", apt: ["libssl-dev"]),

        // MARK: Shared libraries
        shared("Domain"),
        shared("BlockingIO"),
        shared("Redis", ["CHiredis", "BlockingIO", logging]),
        shared("JobRuntime", ["Redis", logging, lifecycle, metrics]),
        shared("Postgres", ["CLibPQ", "BlockingIO", logging]),
        shared("Schema", ["Postgres", logging]),
        shared("OutboundHTTP", ["CCurl", "BlockingIO", logging, metrics]),
        shared("Cryptography", ["COpenSSL"]),
        shared("MessageStore", ["Postgres", "Domain", "Cryptography", logging]),
        shared("Outbox", ["MessageStore", "JobRuntime", "Domain", logging, lifecycle]),
        shared("SendPipeline", ["MessageStore", "JobRuntime", "Outbox", "Domain", logging]),
        shared(
            "ServiceRuntime",
            [
                logging, lifecycle, hummingbird, metrics, prometheus, "Redis", "Postgres", "Schema", "JobRuntime",
                "Cryptography",
            ]),
        shared("TestSupport"),
        shared("QRCode"),
        shared("TwilioAPI"),
        shared("VoicePartnerAPI", ["OutboundHTTP"]),
        shared("LobstrAPI", ["OutboundHTTP", "Domain"]),
        shared("HuntStore", ["Postgres", "Cryptography", "LobstrAPI", "Domain"]),
        shared("LocalStubServer", [hummingbird, logging]),

        // MARK: Services
        service(
            "Gateway", folder: "gateway",
            serviceBase + [
                hummingbird, hummingbirdCore, nioCore, nioHTTPTypes, "Redis", "JobRuntime", "Postgres", "Schema",
                "Cryptography", "MessageStore", "Outbox", "QRCode", "OutboundHTTP", "VoicePartnerAPI", "LobstrAPI",
                "HuntStore", metrics,
            ]),
        service(
            "WhatsAppGateway", folder: "whatsapp-gateway",
            serviceBase + [
                "Redis", "JobRuntime", "Postgres", "Schema", "OutboundHTTP", "Outbox", "Cryptography", "MessageStore",
                "TwilioAPI", "SendPipeline",
            ]),
        service(
            "SMSSender", folder: "sms-sender",
            serviceBase + [
                "Redis", "JobRuntime", "Postgres", "Schema", "OutboundHTTP", "Cryptography", "MessageStore", "Outbox",
                "TwilioAPI", "SendPipeline",
            ]),
        service(
            "VoiceSender", folder: "voice-sender",
            serviceBase + [
                "Redis", "JobRuntime", "Postgres", "Schema", "OutboundHTTP", "Cryptography", "MessageStore", "Outbox",
                "SendPipeline", "VoicePartnerAPI",
            ]),
        service(
            "HuntOrchestrator", folder: "hunt-orchestrator",
            serviceBase + [
                "Redis", "JobRuntime", "Postgres", "Schema", "OutboundHTTP", "Cryptography", "LobstrAPI", "HuntStore",
                "Outbox", "MessageStore",
            ]),

        // MARK: Tools
        .executableTarget(
            name: "JobsBench", dependencies: ["JobRuntime", "Redis"], path: "Benchmarks/JobsBench",
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "SMSBench", dependencies: ["OutboundHTTP", "LocalStubServer", hummingbird, logging],
            path: "Benchmarks/SMSBench", swiftSettings: swiftSettings),
        .executableTarget(
            name: "TestProbe", dependencies: ["JobRuntime", "Redis", "Postgres", "Schema", "ServiceRuntime", logging],
            path: "Tests/Probe", swiftSettings: swiftSettings),

        // MARK: Tests
        tests("RedisTests", ["Redis", "TestSupport"]),
        tests("JobRuntimeTests", ["JobRuntime", "Redis", "TestSupport"]),
        tests("PostgresTests", ["Postgres", "Schema", "TestSupport", logging]),
        tests("OutboundHTTPTests", ["OutboundHTTP", "TestSupport", "LocalStubServer", hummingbird, logging]),
        tests("CryptographyTests", ["Cryptography"]),
        tests("DomainTests", ["Domain"]),
        tests("QRCodeTests", ["QRCode", "TestSupport"]),
        tests(
            "MessageStoreTests",
            [
                "MessageStore", "SendPipeline", "Postgres", "Schema", "Domain", "Cryptography", "TestSupport", logging,
            ]),
        tests(
            "SMSSenderTests",
            [
                "SMSSender", "VoiceSender", "VoicePartnerAPI", "HuntOrchestrator", "LobstrAPI", "HuntStore", "Gateway",
                "OutboundHTTP", "Domain", "TestSupport",
                "JobRuntime", "Redis", "Postgres",
                "Schema",
                "Cryptography", "MessageStore", "Outbox", "LocalStubServer", "SendPipeline", hummingbird, logging,
                lifecycle,
            ]),
        tests(
            "ServiceTests",
            [
                "Gateway", "WhatsAppGateway", "ServiceRuntime", "TestSupport", "JobRuntime", "Redis", "Postgres",
                "Domain",
                "Schema", "MessageStore", "Outbox", "LocalStubServer", "Cryptography", hummingbird, hummingbirdCore,
                nioCore,
                .product(name: "NIOEmbedded", package: "swift-nio"), logging, lifecycle,
            ]),
    ]
)
