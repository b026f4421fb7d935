#if canImport(Glibc)
import Glibc
#endif

/// Recovery from a crash mid-write (SPEC §7): a final line without `\n` was never
/// acknowledged. Its bytes are moved to `Events/ledger.jsonl.torn-<UTC>` (never
/// deleted) and the log is cut back to its last complete line.
enum TornTail {
    /// Moves a torn tail aside, if there is one. The caller holds the lock.
    /// - Returns: a notice for stderr, or nil when the log ends cleanly.
    static func quarantine(fd: Int32, logPath: String, now: Timestamp) throws(LedgerError) -> String? {
        let size = FileIO.size(fd: fd)
        guard size > 0 else { return nil }
        let last = try FileIO.read(fd: fd, offset: size - 1, count: 1, path: logPath)
        guard last != [0x0A] else { return nil }
        let keep = try LogPosition.endOfLastCompleteLine(fd: fd, size: size, path: logPath)
        let torn = try FileIO.read(fd: fd, offset: keep, count: size - keep, path: logPath)

        let stamp = now.recordedText.filter { $0 != "-" && $0 != ":" }
        var quarantinePath = logPath + ".torn-" + stamp
        var suffix = 2
        while FileIO.exists(quarantinePath) {
            quarantinePath = logPath + ".torn-" + stamp + "-\(suffix)"
            suffix += 1
        }
        try FileIO.writeNewFile(quarantinePath, torn, exclusive: true)
        let directory = String(logPath[..<(logPath.lastIndex(of: "/") ?? logPath.startIndex)])
        try FileIO.syncDirectory(directory.isEmpty ? "." : directory)
        guard ftruncate(fd, off_t(keep)) == 0 else { throw FileIO.ioError("truncate", logPath) }
        try FileIO.sync(fd: fd, path: logPath)
        let name = quarantinePath.split(separator: "/").suffix(2).joined(separator: "/")
        return "\(LedgerStore.logName): the last line had no newline (a write that was never acknowledged): moved its \(torn.count) bytes to \(name) and cut the log back to its last complete line"
    }
}
