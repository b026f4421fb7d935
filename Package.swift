// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MembershipLedger",
    products: [
        .executable(name: "memberships", targets: ["memberships"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Projections", targets: ["Projections"]),
    ],
    targets: [
        // SHA-256 with the x86-64 SHA instructions, which Swift cannot reach (C, no dependencies).
        .target(name: "SHAExtensions"),
        // A prefetch hint, which Swift cannot express (C, header-only, no dependencies).
        .target(name: "Prefetch"),
        // A plain line split into its keys and values, where a JSON string stops, free text and
        // hex digits checked: sixteen bytes at a time (C, no dependencies).
        .target(name: "ByteScan"),
        .target(name: "Ledger", dependencies: ["SHAExtensions", "Prefetch", "ByteScan"]),
        .target(name: "Projections", dependencies: ["Ledger", "Prefetch"]),
        // The command line: every command, its parsing and its output.
        .target(name: "MembershipsCLI", dependencies: ["Ledger", "Projections"]),
        // The executable is `main.swift` alone, so that its release build can link the Swift
        // runtime in (every command starts in two thirds of the time) without the tests, which
        // import `MembershipsCLI`, being linked that way too (no static Testing or XCTest).
        .executableTarget(name: "memberships", dependencies: ["MembershipsCLI"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),
        .executableTarget(name: "ledger-bench", dependencies: ["Ledger", "Projections"], exclude: ["peers"]),
        // Helpers every test target shares: the conformance folder rule, a seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "TestSupport"]),
        .testTarget(name: "ProjectionsTests", dependencies: ["Ledger", "Projections", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "MembershipsTests", dependencies: ["MembershipsCLI", "Ledger", "Projections", "TestSupport"]),
    ]
)

// Strict settings for every target, in one place.
for target in package.targets where !["SHAExtensions", "Prefetch", "ByteScan"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
