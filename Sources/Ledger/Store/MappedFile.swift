#if canImport(Glibc)
import Glibc
#endif

/// A file mapped read-only into memory, for reading a large log without copying it.
///
/// Pages already decoded can be handed back (`release`): they stay in the page cache and
/// are read again on the next touch, so a million-line replay does not keep the whole log
/// resident. The mapping covers the file's size when it was opened; lines a writer appends
/// later are not seen (readers only use complete lines).
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes as mapped.
    public let bytes: UnsafeBufferPointer<UInt8>

    /// The open file, for reading single lines without touching the mapping.
    private let fd: Int32

    /// Maps `path`.
    /// - Throws: `.io` when the file cannot be opened or mapped.
    public convenience init(path: String) throws(LedgerError) {
        try self.init(ownedFD: try FileIO.open(path, O_RDONLY), path: path)
    }

    /// Maps the file open as `fd` (which stays the caller's to close): the very file read
    /// through it, even if another has been renamed over its path since.
    package convenience init(fd: Int32, path: String) throws(LedgerError) {
        let copy = dup(fd)
        guard copy >= 0 else { throw FileIO.ioError("map", path) }
        try self.init(ownedFD: copy, path: path)
    }

    private init(ownedFD fd: Int32, path: String) throws(LedgerError) {
        self.fd = fd
        let size = FileIO.size(fd: fd)
        guard size > 0 else {
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            let error = FileIO.ioError("map", path)
            close(fd)
            throw error
        }
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    }

    /// The system's page size.
    private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Tells the kernel the whole pages inside `range` are not needed for now.
    public func release(_ range: Range<Int>) {
        guard let base = bytes.baseAddress else { return }
        let page = MappedFile.page
        let start = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    /// Maps in, in one call, the pages that hold `range`, to read them again after `release`:
    /// touched one by one, each page was a fault of its own (a second at a million lines on
    /// a virtual machine). Nothing is done where the kernel cannot (before Linux 5.14).
    public func populate(_ range: Range<Int>) {
        guard let base = bytes.baseAddress, !range.isEmpty else { return }
        let page = MappedFile.page
        let start = range.lowerBound / page * page
        // MADV_POPULATE_READ, which Glibc's headers here may not name.
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), min(range.upperBound, bytes.count) - start, 22)
    }

    /// The line that starts at `offset`, without its terminator, read with `pread`: reading
    /// one line here and there through the mapping would bring the pages around it in too.
    /// Empty when no complete line starts there.
    public func line(at offset: Int) -> [UInt8] {
        FileIO.line(fd: fd, at: offset, size: bytes.count) ?? []
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
        close(fd)
    }
}
