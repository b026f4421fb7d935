// Every call ledger-bench makes into the library is in this file, and only this file
// imports `Ledger` and `Projections`: when the library's API changes, this is the one
// file to adapt. Each step is the same public call the `memberships` command makes
// (Sources/memberships/Commands/*.swift), so `run` times what the CLI does, minus
// process start-up and output rendering.
import Ledger
import Projections

/// The library's work, step by step, as `run` times it.
enum Steps {
    /// Lowercase hex SHA-256 of a line: the `prev` of the next line (SPEC §2).
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(bytes).hex
    }
}
