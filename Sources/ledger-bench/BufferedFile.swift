#if canImport(Glibc)
import Glibc
#endif

/// A file written through a large buffer: the generator streams gigabytes, so it writes in
/// 8 MiB chunks and never holds the ledger in memory. `write` is looped on short writes
/// and retried on EINTR.
final class BufferedFile {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Bytes accepted so far (buffered or written).
    private(set) var count = 0

    init(path: String, capacity: Int = 8 << 20) throws(BenchError) {
        self.path = path
        self.capacity = capacity
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(capacity)
    }

    deinit { Glibc.close(fd) }

    func write(_ bytes: [UInt8]) throws(BenchError) {
        buffer.append(contentsOf: bytes)
        count += bytes.count
        if buffer.count >= capacity { try flush() }
    }

    func write(_ byte: UInt8) throws(BenchError) {
        buffer.append(byte)
        count += 1
        if buffer.count >= capacity { try flush() }
    }

    func flush() throws(BenchError) {
        var failure: Int32 = 0
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 { throw BenchError("cannot write \(path): \(String(cString: strerror(failure)))") }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and syncs: the generated ledger is whole on disk before anything times it.
    func close() throws(BenchError) {
        try flush()
        if fsync(fd) != 0 { throw BenchError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}

/// The generated log: canonical lines with `seq` 1…N and the `prev` hash chain (SPEC §2).
/// The caller opens a line (`begin`), writes the type's fields in order on `line`, and
/// closes it (`end`), which adds `source`, `note`, `prev` and hashes the line for the next.
final class LogWriter {
    private let file: BufferedFile
    var line = CanonicalLine()
    /// Lowercase hex SHA-256 of the last line written (64 zeros before line 1).
    private(set) var prev = String(repeating: "0", count: 64)
    private(set) var seq = 0
    var bytes: Int { file.count }

    init(path: String) throws(BenchError) {
        file = try BufferedFile(path: path)
    }

    /// Opens line `seq + 1`; returns its seq.
    @discardableResult
    func begin(id: String, type: String, recorded: String, by: String?) -> Int {
        seq += 1
        line.reset()
        line.integer("seq", seq)
        line.string("id", id)
        line.string("type", type)
        line.string("recorded", recorded)
        line.optional("by", by)
        return seq
    }

    func end(source: String?, note: String?) throws(BenchError) {
        line.optional("source", source)
        line.optional("note", note)
        line.string("prev", prev)
        line.finish()
        prev = Steps.sha256Hex(line.bytes)
        try file.write(line.bytes)
        try file.write(0x0A)
    }

    func close() throws(BenchError) { try file.close() }
}

/// A file of input events (SPEC §6: no `seq`, `recorded` or `prev`), one per line.
final class InputWriter {
    private let file: BufferedFile
    var line = CanonicalLine()
    private(set) var events = 0
    var bytes: Int { file.count }

    init(path: String) throws(BenchError) {
        file = try BufferedFile(path: path, capacity: 1 << 20)
    }

    func begin(id: String?, type: String, by: String?) {
        line.reset()
        line.optional("id", id)
        line.string("type", type)
        line.optional("by", by)
    }

    func end(source: String?, note: String?) throws(BenchError) {
        line.optional("source", source)
        line.optional("note", note)
        line.finish()
        try file.write(line.bytes)
        try file.write(0x0A)
        events += 1
    }

    func close() throws(BenchError) { try file.close() }
}
