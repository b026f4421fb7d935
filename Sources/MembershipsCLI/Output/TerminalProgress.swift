#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// How far a long pass over the log has got, as one line on stderr that updates in place
/// (`memberships: reading 412,000 of 1,000,000 events, 41%, 850,000 events/s`) and is
/// cleared before anything else is printed and when the command ends.
///
/// Made only when stderr is a terminal (not `TERM=dumb`): in a pipe, a file, CI or a test,
/// nothing extra is printed. Redrawn at most ten times a second; the library reports every
/// few thousand lines, from any thread.
final class TerminalProgress: ProgressSink, @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var stage = ""
    private var total = 0
    private var done = 0
    private var started = 0.0
    private var drawn = -1.0
    private var showing = false

    /// Seconds between two drawings.
    static let interval = 0.1

    private init() {
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// A reporter when stderr is a terminal that can take it; nil otherwise.
    static func onTerminal() -> TerminalProgress? {
        guard isatty(2) == 1 else { return nil }
        if let term = getenv("TERM").map({ String(cString: $0) }), term == "dumb" { return nil }
        return TerminalProgress()
    }

    func begin(_ stage: String, total: Int) {
        locked {
            self.stage = stage
            self.total = total
            done = 0
            started = Self.now()
        }
    }

    func advance(_ lines: Int) {
        locked {
            done += lines
            let now = Self.now()
            guard now - drawn >= Self.interval else { return }
            drawn = now
            let elapsed = now - started
            let percent = total > 0 ? min(100, done * 100 / total) : 100
            let rate = Int(Double(done) / max(elapsed, 0.001))
            Self.write("\r\u{1B}[Kmemberships: \(stage) \(Self.grouped(min(done, total))) of \(Self.grouped(total)) events, "
                       + "\(percent)%, \(Self.grouped(rate)) events/s")
            showing = true
        }
    }

    /// Takes the line away, if one is shown (before other output, and at the end).
    func clear() {
        locked {
            guard showing else { return }
            Self.write("\r\u{1B}[K")
            showing = false
        }
    }

    private func locked(_ body: () -> Void) {
        pthread_mutex_lock(lock)
        body()
        pthread_mutex_unlock(lock)
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    private static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + done, $0.count - done) }
            if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}
