// swift-tools-version:5.4
// The libFuzzer target of the wire module (issue 9, "Hostile input"). Built by `scripts/fuzz.sh`.
//
// A separate package so that its sanitizer build depends only on TillWire (and what TillWire needs),
// not on the services, Redis or HTTP stacks.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable module's `main` and
// links `main` to it, which fails for a `-parse-as-library` module whose entry point is libFuzzer's
// own `main` (it calls `LLVMFuzzerTestOneInput`). The module is still compiled in Swift 6 mode.
import PackageDescription

let package = Package(
    name: "till-fuzz",
    products: [
        .executable(name: "till-wire-fuzz", targets: ["WireFuzz"]),
    ],
    dependencies: [
        .package(name: "till", path: ".."),
        // The same packages (and versions) the root package resolves; listed for their products.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "WireFuzz",
            dependencies: [
                .product(name: "TillWire", package: "till"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/WireFuzz",
            swiftSettings: [
                .unsafeFlags([
                    "-swift-version", "6",
                    "-enable-upcoming-feature", "ExistentialAny",
                    "-sanitize=fuzzer,address",
                    "-parse-as-library",
                ]),
            ],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
        ),
    ]
)
