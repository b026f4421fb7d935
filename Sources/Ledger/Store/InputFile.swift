#if canImport(Glibc)
import Glibc
#endif

/// Reading what a user hands the tool: a file of events, or standard input.
public enum InputFile {
    /// The bytes of `path`.
    /// - Throws: `.noLedger` (66, "cannot open input" in sysexits terms) when it does not
    ///   exist; `.io` (74) when it cannot be read.
    public static func read(_ path: String) throws(LedgerError) -> [UInt8] {
        guard FileIO.exists(path) else { throw LedgerError(.noLedger, "cannot read \(path): no such file") }
        return try FileIO.readAll(path)
    }

    /// Everything on standard input.
    public static func readStandardInput() throws(LedgerError) -> [UInt8] {
        try FileIO.readAll(fd: 0, path: "<stdin>")
    }
}
