#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Wall-clock time, run statistics and peak memory.
enum Timing {
    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Seconds `body` takes.
    static func seconds(_ body: () throws(BenchError) -> Void) throws(BenchError) -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// This process's peak resident set so far, in bytes (`getrusage(RUSAGE_SELF).ru_maxrss`).
    static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Numbers as people read them.
enum Format {
    /// `1,234,567`.
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Seconds with a precision that suits them: `0.0123 s`, `1.234 s`, `123.4 s`.
    static func seconds(_ s: Double) -> String {
        if s.isNaN { return "—" }
        if s < 0.1 { return String(format: "%.1f ms", s * 1000) }
        if s < 100 { return String(format: "%.3f s", s) }
        return String(format: "%.1f s", s)
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }

    static func ratio(_ r: Double) -> String {
        if r.isNaN || r.isInfinite { return "—" }
        if r >= 100 { return String(format: "%.0f×", r) }
        if r >= 10 { return String(format: "%.1f×", r) }
        return String(format: "%.2f×", r)
    }

    /// Left-aligned in `width` columns (by characters; the table holds ASCII).
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Right-aligned in `width` columns.
    static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

/// Prints a table: the first column (and any named in `left`) left-aligned, the others
/// right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    var left: Set<Int>

    init(_ header: [String], left: Set<Int> = [0]) {
        self.header = header
        self.left = left
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { i, cell in
                left.contains(i) ? Format.pad(cell, widths[i]) : Format.left(cell, widths[i])
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
