#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// Where results (stdout) and diagnostics (stderr) go. A progress line shown on the
/// terminal is cleared before either is written.
struct Console {
    /// The progress line on stderr, when stderr is a terminal.
    var progress: TerminalProgress? = nil

    func out(_ text: String) { progress?.clear(); Console.write(1, text + "\n") }

    func err(_ text: String) { progress?.clear(); Console.write(2, text + "\n") }

    /// Writes `text` to stdout as it is, with no line end added.
    func raw(_ text: String) { progress?.clear(); Console.write(1, text) }

    /// Writes bytes to stdout as they are.
    func raw(bytes: [UInt8]) { progress?.clear(); bytes.withUnsafeBufferPointer { Console.write(1, $0) } }

    /// Writes bytes to stdout as they are.
    func raw(buffer: UnsafeBufferPointer<UInt8>) { progress?.clear(); Console.write(1, buffer) }

    /// Writes every byte, retrying short writes and EINTR; a closed pipe ends quietly.
    private static func write(_ fd: Int32, _ text: String) {
        Array(text.utf8).withUnsafeBufferPointer { write(fd, $0) }
    }

    private static func write(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, base + done, bytes.count - done)
            if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }

    /// Text from the data made safe for a terminal (control characters escaped).
    static func safe(_ text: String) -> String { SafeText.escaped(text) }
}
