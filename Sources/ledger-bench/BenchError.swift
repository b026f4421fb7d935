/// A failure of the benchmark itself (not a missed target): printed, exit status 1.
struct BenchError: Error, CustomStringConvertible {
    let message: String
    /// Exit status: 64 for a usage error, 1 otherwise.
    let status: Int32

    init(_ message: String, status: Int32 = 1) {
        self.message = message
        self.status = status
    }

    static func usage(_ message: String) -> BenchError { BenchError(message, status: 64) }

    var description: String { message }
}
