// swift-tools-version:6.1
// Till: checkout sagas for Swift microservices.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

let package = Package(
    name: "till",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "till-inventory", targets: ["InventoryServer"]),
        .executable(name: "till-payments", targets: ["PaymentsServer"]),
        .executable(name: "till-shipping", targets: ["ShippingServer"]),
        .executable(name: "till-orchestrator", targets: ["OrchestratorServer"]),
        .executable(name: "till-bench", targets: ["TillBench"]),
        .executable(name: "till", targets: ["TillCLI"]),
        .executable(name: "till-test-worker", targets: ["TillTestWorker"]),
        .executable(name: "till-load", targets: ["TillLoadCommand"]),
        .executable(name: "till-gateway-sim", targets: ["GatewaySimServer"]),
        // For Fuzz/ (a separate package, built with sanitizers): the wire module alone.
        .library(name: "TillWire", targets: ["TillWire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Optional TLS on wire and Redis connections (issue #10); already resolved for async-http-client.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // MARK: C libraries from Debian packages
        .systemLibrary(
            name: "CHiredis",
            path: "Shared/CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            path: "Shared/COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),

        // MARK: Shared libraries
        .target(
            name: "TillCrypto",
            dependencies: ["COpenSSL"],
            path: "Shared/TillCrypto",
            swiftSettings: swiftSettings
        ),
        // Optional TLS for wire and Redis connections (issue #10): PEM loading and handler factories.
        .target(
            name: "TillTLS",
            dependencies: nio + ["COpenSSL", .product(name: "NIOSSL", package: "swift-nio-ssl")],
            path: "Shared/TillTLS",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillProcess",
            path: "Shared/TillProcess",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillWire",
            dependencies: nio + [
                "TillCrypto",
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                "TillTLS",
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/TillWire",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillRedis",
            dependencies: nio + [
                "CHiredis",
                "TillCrypto",
                "TillTLS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/TillRedis",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillObservability",
            dependencies: nio + [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/TillObservability",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillService",
            dependencies: [
                "TillAPI",
                "TillWire",
                "TillRedis",
                "TillObservability",
                "TillResilience",
                "TillTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Shared/TillService",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "TillResilience",
            dependencies: [
                "TillWire",
                "TillRedis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/TillResilience",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillPayments",
            dependencies: [
                "TillWire",
                "TillRedis",
                "TillResilience",
                "TillCrypto",
                "TillObservability",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Shared/TillPayments",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "TillInventory",
            dependencies: [
                "TillAPI",
                "TillWire",
                "TillRedis",
                "TillPayments",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/TillInventory",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillShipping",
            dependencies: [
                "TillAPI",
                "TillWire",
                "TillRedis",
                "TillResilience",
                "TillCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/TillShipping",
            swiftSettings: swiftSettings
        ),

        // MARK: The payment gateway: HTTP adapter and simulator (docs/GATEWAY-SIM.md)
        .target(
            name: "TillGatewayHTTP",
            dependencies: [
                "TillPayments",
                "TillWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            path: "Shared/TillGatewayHTTP",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillGatewaySim",
            dependencies: [
                "TillGatewayHTTP",
                "TillPayments",
                "TillWire",
                "TillResilience",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/TillGatewaySim",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillPaymentsService",
            dependencies: nio + [
                "TillAPI",
                "TillWire",
                "TillRedis",
                "TillResilience",
                "TillPayments",
                "TillCrypto",
                "TillService",
                "TillGatewayHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/TillPaymentsService",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "TillSaga",
            dependencies: [
                "TillWire",
                "TillRedis",
                "TillResilience",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/TillSaga",
            // Swift 6.3.1's optimizer crashes on this module in function-signature specialisation
            // (assertion `!type.hasTypeParameter()`, SILArgument.cpp:40); skip that one pass.
            swiftSettings: swiftSettings + [.unsafeFlags(["-Xllvm", "-sil-disable-pass=function-signature-opts"])]
        ),
        .target(
            name: "TillCheckout",
            dependencies: [
                "TillSaga",
                "TillPayments",
                "TillAPI",
                "TillClients",
                "TillWire",
                "TillCrypto",
                "TillResilience",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/TillCheckout",
            swiftSettings: swiftSettings
        ),

        // MARK: The method contract (API.md) and typed clients of it
        .target(
            name: "TillAPI",
            dependencies: ["TillWire"],
            path: "Shared/TillAPI",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TillClients",
            dependencies: [
                "TillAPI",
                "TillWire",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/TillClients",
            swiftSettings: swiftSettings
        ),

        // MARK: Service executables (thin mains)
        .executableTarget(
            name: "InventoryServer",
            dependencies: ["TillService", "TillInventory"],
            path: "Services/Inventory",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PaymentsServer",
            dependencies: ["TillService", "TillPaymentsService", "TillPayments", "TillResilience"],
            path: "Services/Payments",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ShippingServer",
            dependencies: ["TillService", "TillShipping", "TillResilience"],
            path: "Services/Shipping",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "GatewaySimServer",
            dependencies: [
                "TillGatewaySim",
                "TillService",
                "TillObservability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Services/GatewaySim",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "OrchestratorServer",
            dependencies: ["TillService", "TillSaga", "TillCheckout", "TillClients", "TillWire"],
            path: "Services/Orchestrator",
            swiftSettings: swiftSettings
        ),

        // MARK: Tools
        .executableTarget(
            name: "TillBench",
            dependencies: [
                "TillProcess",
                "TillPayments",
                "TillObservability",
                "TillWire",
                "TillRedis",
                "TillCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tools/Bench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "TillCLI",
            dependencies: nio + [
                "TillAPI",
                "TillClients",
                "TillCrypto",
                "TillPayments",
                "TillProcess",
                "TillService",
                "TillWire",
                "TillRedis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Tools/Till",
            swiftSettings: swiftSettings
        ),

        // The load-test client: the engine (schedules, recording, workload, audit, report) is a
        // library so that its pure parts are unit-tested; the executable only parses flags.
        .target(
            name: "TillLoad",
            dependencies: nio + [
                "TillAPI",
                "TillClients",
                "TillWire",
                "TillTLS",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tools/Load/Engine",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "TillLoadCommand",
            dependencies: [
                "TillLoad",
                "TillWire",
                "TillTLS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/Load/Command",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(
            name: "TillTestSupport",
            dependencies: [
                "TillProcess",
                "TillRedis",
                "TillResilience",
                "TillWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ] + nio,
            path: "Tests/TillTestSupport",
            swiftSettings: swiftSettings
        ),
        // The second OS process of the multi-process Redis tests (not shipped).
        .executableTarget(
            name: "TillTestWorker",
            dependencies: [
                "TillPayments",
                "TillResilience",
                "TillRedis",
                "TillWire",
                "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ] + nio,
            path: "Tests/TillTestWorker",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TillCryptoTests", dependencies: ["TillCrypto"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TillWireTests",
            dependencies: ["TillWire", "TillTestSupport", .product(name: "NIOEmbedded", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillRedisTests",
            dependencies: [
                "TillRedis",
                "TillTestSupport",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillObservabilityTests",
            dependencies: [
                "TillObservability",
                "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillResilienceTests",
            dependencies: [
                "TillResilience",
                "TillRedis",
                "TillWire",
                "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillPaymentsTests",
            dependencies: [
                "TillPayments",
                "TillResilience",
                "TillRedis",
                "TillWire",
                "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillPaymentsServiceTests",
            dependencies: [
                "TillPaymentsService",
                "TillPayments",
                "TillAPI",
                "TillResilience",
                "TillRedis",
                "TillWire",
                "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PaymentsIntegrationTests",
            dependencies: ["TillAPI", "TillWire", "TillCrypto", "TillTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillServiceTests",
            dependencies: [
                "TillService",
                "TillTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillInventoryTests",
            dependencies: ["TillAPI", "TillInventory", "TillRedis", "TillWire", "TillTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillShippingTests",
            dependencies: ["TillAPI", "TillShipping", "TillRedis", "TillResilience", "TillWire", "TillTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillClientsTests",
            dependencies: [
                "TillAPI",
                "TillClients",
                "TillRedis",
                "TillWire",
                "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillGatewayTests",
            dependencies: [
                "TillGatewayHTTP",
                "TillGatewaySim",
                "TillPayments",
                "TillTestSupport",
                "TillWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillSagaTests",
            dependencies: [
                "TillSaga",
                "TillRedis",
                "TillWire",
                "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillCheckoutTests",
            dependencies: ["TillCheckout", "TillSaga", "TillAPI", "TillWire"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CheckoutEndToEndTests",
            dependencies: [
                "TillCheckout", "TillSaga", "TillAPI", "TillClients", "TillWire", "TillRedis", "TillTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillLoadTests",
            dependencies: ["TillLoad", .product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoadEndToEndTests",
            dependencies: ["TillLoad", "TillProcess", "TillTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TillAPI", "TillService", "TillCLI", "TillProcess", "TillTestSupport", "TillInventory", "TillShipping", "TillClients", "TillPayments", "TillRedis"],
            swiftSettings: swiftSettings
        ),
        // Issue 9, hostile input and security: malformed frames, slow-loris, forged hellos and webhooks
        // against the real executables.
        .testTarget(
            name: "HostileInputTests",
            dependencies: nio + [
                "TillWire", "TillCrypto", "TillTestSupport",
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        // Issue 9, chaos under load: real stacks loaded by the real till-load while the test kills,
        // stops and stalls their processes; every scenario ends with till-load's invariant audit.
        .testTarget(
            name: "ChaosTests",
            dependencies: ["TillAPI", "TillWire", "TillTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Issue 10: TLS on wire and Redis connections against the real executables and redis-server.
        .testTarget(
            name: "TLSTests",
            dependencies: [
                "TillWire", "TillTLS", "TillRedis", "TillAPI", "TillService", "TillProcess", "TillTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Issue 10: the stack across network namespaces (root only; skips elsewhere).
        .testTarget(
            name: "MultiHostTests",
            dependencies: ["TillLoad", "TillProcess", "TillTestSupport"],
            swiftSettings: swiftSettings
        ),
        // compose/ and examples/: the compose file checked against the executables, the Python client run.
        .testTarget(
            name: "DeploymentTests",
            dependencies: ["TillProcess", "TillTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
