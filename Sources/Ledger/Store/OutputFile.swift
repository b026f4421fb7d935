#if canImport(Glibc)
import Glibc
#endif

/// Writing a file the tool produces (an export, a report): whole or not at all.
public enum OutputFile {
    /// Writes `bytes` to `path` through a temporary file beside it, synced, then renamed
    /// over `path`: a reader sees the old file or the new one, never half of it. The folder is
    /// synced after the rename, so the new name survives a crash.
    /// - Throws: `.io` (74) naming the path.
    public static func write(_ bytes: [UInt8], to path: String) throws(LedgerError) {
        let temporary = path + ".tmp-\(getpid())"
        try FileIO.writeNewFile(temporary, bytes, exclusive: false)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileIO.ioError("write", path, code)
        }
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try FileIO.syncDirectory(folder.isEmpty ? "/" : folder)
    }
}
