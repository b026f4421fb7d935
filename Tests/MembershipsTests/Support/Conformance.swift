import Foundation

/// Where the shared conformance data (JSONTestSuite) lives — the same rule as
/// `Tests/LedgerTests/Support/Conformance.swift`.
///
/// `.ci/run` sets `MEMBERSHIPS_CONFORMANCE`; then the data is required and the
/// tests fail when the folder is missing. Without the variable, the tests look
/// for `../shared/conformance` beside the package and run only when it exists.
enum Conformance {
    /// The folder named by `MEMBERSHIPS_CONFORMANCE`, if the variable is set.
    static var required: String? {
        guard let value = ProcessInfo.processInfo.environment["MEMBERSHIPS_CONFORMANCE"],
              !value.isEmpty else { return nil }
        if value.hasPrefix("/") { return value }
        return Package.root + "/" + value
    }

    /// The folder to read, or nil when the data is optional and absent.
    static var folder: String? {
        if let required { return required }
        let fallback = Package.root + "/../shared/conformance"
        return FileManager.default.fileExists(atPath: fallback) ? fallback : nil
    }

    /// Whether the conformance tests should run at all.
    static var enabled: Bool { folder != nil }
}
