/// A log's bytes, for the tree: mapped from the file, or held (a log given as bytes).
enum LogBytes: @unchecked Sendable {
    // Read-only once made: the mapping is never written, the array never mutated.
    case mapped(MappedFile)
    case held([UInt8])

    func withBuffer<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch self {
        case .mapped(let file): return body(file.bytes)
        case .held(let bytes): return bytes.withUnsafeBufferPointer(body)
        }
    }

    var count: Int { withBuffer(\.count) }
}
