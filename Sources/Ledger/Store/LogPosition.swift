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
}
