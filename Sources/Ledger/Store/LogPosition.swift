/// Finding lines in the log file by byte offset, without reading it all.
enum LogPosition {
    /// The offset just past the last `\n` in the first `size` bytes (0 when there is none).
    static func endOfLastCompleteLine(fd: Int32, size: Int, path: String) throws(LedgerError) -> Int {
        var end = size
        let chunk = 64 * 1024
        while end > 0 {
            let start = max(0, end - chunk)
            let bytes = try FileIO.read(fd: fd, offset: start, count: end - start, path: path)
            if let index = bytes.lastIndex(of: 0x0A) { return start + index + 1 }
            end = start
        }
        return 0
    }

    /// Whether the line whose `\n` ends just before `offset` hashes to `hash`: how a snapshot
    /// proves it stands for a prefix of this log (the line's hash commits to every line
    /// before it, SPEC §2). False when no line ends there.
    static func line(endingAt offset: Int, hashesTo hash: SHA256Digest, fd: Int32, path: String) throws(LedgerError) -> Bool {
        guard offset >= 1 else { return false }
        let start = try endOfLastCompleteLine(fd: fd, size: offset - 1, path: path)
        var line = try FileIO.read(fd: fd, offset: start, count: offset - start, path: path)
        guard line.last == 0x0A else { return false }
        line.removeLast()
        if line.last == 0x0D { line.removeLast() }
        return SHA256.hash(line) == hash
    }
}
