#if canImport(Glibc)
import Glibc
#endif

/// Writing a file the tool produces (an export, a report): whole or not at all.
public enum OutputFile {
    /// Checks that a file can be written at `path`, before any work is done for it (a long
    /// replay is not wasted on a path that cannot take the result). Messages name `path` as
    /// given, never the temporary file `write` goes through.
    /// - Parameter example: a file name for the hint when `path` is a folder (`report.html`).
    /// - Throws: `.usage` (64) when `path` is empty, a folder (or ends with `/`), or something
    ///   other than a regular file (`/dev/stdout`: the file would replace it); `.io` (74) when
    ///   its folder does not exist, is not a folder, or cannot be written in.
    public static func check(_ path: String, example: String) throws(LedgerError) {
        guard !path.isEmpty else {
            throw LedgerError(.usage, "the output file name is empty", hint: "for example \(example)")
        }
        if path.hasSuffix("/") || FileIO.isDirectory(path) {
            let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
            throw LedgerError(.usage, "\(path) is a directory, not a file",
                              hint: "give a file name in it, for example \(folder.isEmpty ? "" : folder)/\(example)")
        }
        var st = stat()
        if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            throw LedgerError(.usage, "\(path) exists and is not a regular file: writing there would replace it",
                              hint: "give the name of a new or ordinary file, for example \(example)")
        }
        let folder = folder(of: path)
        guard FileIO.exists(folder) else {
            throw LedgerError(.io, "cannot write \(path): the folder \(folder) does not exist",
                              hint: "create it first (mkdir -p \(folder)), or give a path in an existing folder")
        }
        guard FileIO.isDirectory(folder) else {
            throw LedgerError(.io, "cannot write \(path): \(folder) is not a folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw LedgerError(.io, "cannot write \(path): \(FileIO.errorText()) (in the folder \(folder))")
        }
    }

    /// Writes `bytes` to `path` through a temporary file beside it, synced, then renamed
    /// over `path`: a reader sees the old file or the new one, never half of it. The folder is
    /// synced after the rename, so the new name survives a crash.
    /// - Throws: as `check` (with `example` the last part of `path`); `.io` (74) naming
    ///   `path` when the write fails.
    public static func write(_ bytes: [UInt8], to path: String) throws(LedgerError) {
        try write([bytes], to: path)
    }

    /// As `write(_:to:)`, the file holding `chunks` one after the other: large parts are
    /// written as they are, not first joined in memory.
    public static func write(_ chunks: [[UInt8]], to path: String) throws(LedgerError) {
        try check(path, example: String(path.split(separator: "/").last ?? "out"))
        let temporary = path + ".tmp-\(getpid())"
        do {
            try FileIO.writeNewFile(temporary, chunks, exclusive: false)
        } catch {
            // Say it of the file asked for: the temporary one is an inner detail.
            var named = error
            named.message = error.message.replacing(temporary, with: path)
            throw named
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileIO.ioError("write", path, code)
        }
        try FileIO.syncDirectory(folder(of: path))
    }

    /// The folder a file goes in (`.` for a bare name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }
}
