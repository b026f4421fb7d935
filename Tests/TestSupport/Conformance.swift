import Foundation

/// Where the shared conformance data (JSONTestSuite, NIST SHA-256 vectors) lives.
///
/// `.ci/run` sets `MEMBERSHIPS_CONFORMANCE`; then the data is required and the
/// tests fail when the folder is missing. Without the variable, the tests look
/// for `../shared/conformance` beside the package and run only when it exists,
/// so a plain `swift test` on a user's clone still passes.
public enum Conformance {
    /// The folder named by `MEMBERSHIPS_CONFORMANCE`, if the variable is set.
    public static var required: String? {
        guard let value = ProcessInfo.processInfo.environment["MEMBERSHIPS_CONFORMANCE"],
              !value.isEmpty else { return nil }
        if value.hasPrefix("/") { return value }
        return packageRoot + "/" + value
    }

    /// The package root, found from this file's path.
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // file, TestSupport, Tests → root
        return url.path
    }

    /// The folder to read, or nil when the data is optional and absent.
    public static var folder: String? {
        if let required { return required }
        let fallback = packageRoot + "/../shared/conformance"
        return FileManager.default.fileExists(atPath: fallback) ? fallback : nil
    }

    /// Whether the conformance tests should run at all.
    public static var enabled: Bool { folder != nil }
}
