#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin, careful wrappers over POSIX file calls: short writes and EINTR retried,
/// errors turned into `LedgerError(.io)` with the path and the system's words.
enum FileIO {
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    static func ioError(_ what: String, _ path: String, _ code: Int32 = errno) -> LedgerError {
        LedgerError(.io, "cannot \(what) \(path): \(errorText(code))")
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Where temporary files go: `$TMPDIR` when set and not empty, else `/tmp`.
    static var temporaryDirectory: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Opens `path`, retrying on EINTR.
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) throws(LedgerError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw ioError("open", path)
        }
    }

    /// Reads a whole file.
    static func readAll(_ path: String) throws(LedgerError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        return try readAll(fd: fd, path: path)
    }

    /// Reads from `fd`'s current offset to the end.
    static func readAll(fd: Int32, path: String) throws(LedgerError) -> [UInt8] {
        var st = stat()
        let size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        // Read straight into the array's storage, never zeroed first (a log is hundreds of
        // megabytes); a byte more than the size, to see a file that grew meanwhile.
        var failure: Int32?
        var ended = false
        var bytes = [UInt8](unsafeUninitializedCapacity: max(size, 0) + 1) { buffer, initialized in
            var count = 0
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n > 0 { count += n; continue }
                if n == 0 { ended = true; break }
                if errno == EINTR { continue }
                failure = errno
                break
            }
            initialized = count
        }
        if let failure { throw ioError("read", path, failure) }
        // A file that grew (or whose size was not known): the rest, a block at a time.
        var block = ended ? [] : [UInt8](repeating: 0, count: 65536)
        while !ended {
            let n = block.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n > 0 { bytes.append(contentsOf: block[..<n]); continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            throw ioError("read", path)
        }
        return bytes
    }

    /// Reads `count` bytes at `offset`.
    static func read(fd: Int32, offset: Int, count: Int, path: String) throws(LedgerError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let (done, failure) = bytes.withUnsafeMutableBytes { read(fd: fd, into: $0, at: offset) }
        if let failure { throw ioError("read", path, failure) }
        return Array(bytes[..<done])
    }

    /// Fills `buffer` from `offset`, looping on short reads and EINTR: how many bytes were
    /// read (fewer only at the end of the file), or the `errno` of a failure.
    static func read(fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> (count: Int, failure: Int32?) {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n > 0 { done += n; continue }
            if n == 0 { break }
            if errno == EINTR { continue }
            return (done, errno)
        }
        return (done, nil)
    }

    /// Writes every byte, looping on short writes and EINTR.
    static func writeAll(fd: Int32, _ bytes: [UInt8], path: String) throws(LedgerError) {
        if let failure = bytes.withUnsafeBytes({ write(fd: fd, $0) }) { throw ioError("write to", path, failure) }
    }

    /// Writes every byte of `bytes`, looping on short writes and EINTR: the `errno` of a
    /// failure, or nil.
    static func write(fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n >= 0 { done += n; continue }
            if errno == EINTR { continue }
            return errno
        }
        return nil
    }

    /// Creates `path` holding `bytes`, synced to disk; on failure the file is removed.
    /// - Parameter exclusive: fail if the file exists, rather than replace its content.
    static func writeNewFile(_ path: String, _ bytes: [UInt8], exclusive: Bool) throws(LedgerError) {
        try writeNewFile(path, [bytes], exclusive: exclusive)
    }

    /// Creates `path` holding `chunks` one after the other (not joined first), synced to
    /// disk; on failure the file is removed.
    static func writeNewFile(_ path: String, _ chunks: [[UInt8]], exclusive: Bool) throws(LedgerError) {
        let fd = try open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC))
        do {
            for bytes in chunks { try writeAll(fd: fd, bytes, path: path) }
            try sync(fd: fd, path: path)
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        close(fd)
    }

    /// Flushes the file's data to the disk.
    static func sync(fd: Int32, path: String) throws(LedgerError) {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw ioError("sync", path)
        }
    }

    /// Flushes a directory, so that a file created in it survives a crash.
    static func syncDirectory(_ path: String) throws(LedgerError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd: fd, path: path)
    }

    static func size(fd: Int32) -> Int {
        var st = stat()
        return fstat(fd, &st) == 0 ? Int(st.st_size) : 0
    }

    /// Takes an exclusive lock on `fd`, waiting up to `timeout` seconds.
    /// - Throws: `.conflict` when the lock is not obtained in time.
    static func lockExclusive(fd: Int32, path: String, timeout: Double) throws(LedgerError) {
        var waited = 0.0
        var pause = 0.001
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else { throw ioError("lock", path, code) }
            if waited >= timeout {
                guard let holder = lockHolder(fd: fd) else {
                    throw LedgerError(.conflict, "another writer holds the lock on \(path); gave up after \(timeout) s",
                                      hint: "try again, or raise MEMBERSHIPS_LOCK_TIMEOUT (seconds)")
                }
                throw LedgerError(.conflict, "another writer (process \(holder)) holds the lock on \(path); gave up after \(timeout) s",
                                  hint: "try again, or raise MEMBERSHIPS_LOCK_TIMEOUT (seconds); if process \(holder) is stuck, stop it (the log is safe: a write it left half done is moved aside by the next writer)")
            }
            usleep(useconds_t(pause * 1_000_000))
            waited += pause
            pause = min(pause * 2, 0.05)
        }
    }

    /// The process holding a `flock` on the file of `fd`, from `/proc/locks` (Linux); nil when
    /// it cannot be told.
    static func lockHolder(fd: Int32) -> Int32? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        // The kernel writes the file a page at a time, going back to its list of locks for
        // each: while other processes take and drop locks, a line can slip between two pages
        // and be missed. The file is read again a few times when the holder is not in it.
        for attempt in 0..<3 {
            if attempt > 0 { usleep(2_000) }
            if let text = try? readAll("/proc/locks"), let pid = lockHolder(st, in: text) { return pid }
        }
        return nil
    }

    /// The process holding a write `flock` on the file `st` describes, in `/proc/locks`'s text.
    private static func lockHolder(_ st: stat, in text: [UInt8]) -> Int32? {
        let device = UInt64(st.st_dev)
        // The kernel's encoding of a device number (glibc's gnu_dev_major and gnu_dev_minor).
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))
        let minor = (device & 0xFF) | ((device >> 12) & ~UInt64(0xFF))
        let wanted = String(major, radix: 16) + ":" + String(minor, radix: 16) + ":" + String(st.st_ino)
        // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:16393737 0 EOF"; waiters read "1: -> FLOCK …".
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count >= 6, words[1] == "FLOCK", words[3] == "WRITE" else { continue }
            let id = words[5].split(separator: ":")
            guard id.count == 3, let m = UInt64(id[0], radix: 16), let n = UInt64(id[1], radix: 16) else { continue }
            if "\(String(m, radix: 16)):\(String(n, radix: 16)):\(id[2])" == wanted, let pid = Int32(words[4]) { return pid }
        }
        return nil
    }

    /// The complete line that starts at `offset` in the first `size` bytes of `fd`, without
    /// its terminator (`\n` or `\r\n`), read with `pread` a few KiB at a time; nil when no
    /// complete line starts there or the file cannot be read.
    static func line(fd: Int32, at offset: Int, size: Int) -> [UInt8]? {
        guard offset >= 0, offset < size else { return nil }
        var line: [UInt8] = []
        var at = offset
        var chunk = 512
        while at < size {
            let count = min(chunk, size - at)
            var piece = [UInt8](repeating: 0, count: count)
            let got = piece.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(at)) }
            guard got > 0 else { return nil }
            if let newline = piece[0..<got].firstIndex(of: 0x0A) {
                line += piece[0..<newline]
                if line.last == 0x0D { line.removeLast() }
                return line
            }
            line += piece[0..<got]
            at += got
            chunk = min(chunk * 2, 1 << 20)
        }
        return nil
    }

    /// The names in a directory (empty when it cannot be read).
    static func names(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            names.append(withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            })
        }
        return names
    }

    /// Files named `<prefix><seq><suffix>` in `directory`, as (seq, path), the highest seq first.
    static func numbered(in directory: String, prefix: String, suffix: String) -> [(seq: Int, path: String)] {
        names(in: directory).compactMap { name -> (seq: Int, path: String)? in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix),
                  let seq = Int(name.dropFirst(prefix.count).dropLast(suffix.count)), seq >= 1 else { return nil }
            return (seq, directory + "/" + name)
        }.sorted { $0.seq > $1.seq }
    }

    static func makeDirectory(_ path: String) throws(LedgerError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw ioError("create the folder", path) }
    }
}
