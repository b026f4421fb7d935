import Ledger

/// Pretty JSON written into room a `ByteSink` made ready for a whole row, with no check or
/// count kept per write: a status of a million rows writes tens of millions of keys, and
/// checking room for each cost more than writing it.
///
/// Its output is `JSONText`'s: two-space indentation, each member on its own line. The
/// caller reckons the room first: see `keyRoom` and `stringRoom`.
struct RoomWriter {
    /// Where the next byte goes.
    private(set) var end: UnsafeMutablePointer<UInt8>
    /// Levels of indentation of the open container's members.
    var levels = 0
    /// Whether the open container has a member yet.
    private var first = true

    init(at start: UnsafeMutablePointer<UInt8>) {
        end = start
    }

    /// The most one key (with its comma, newline and indentation, and the bytes written past
    /// the end by the stores), or one bracket, takes at `levels`.
    static func keyRoom(levels: Int) -> Int { 2 + 2 * levels + 8 + 16 }

    /// The most `true`, `false`, `null`, a whole number or a day takes (a day of a year
    /// beyond 0–9999 is written as its description).
    static let valueRoom = 48

    /// The most `text` takes quoted, escapes included (at most six bytes a byte).
    static func stringRoom(_ text: String) -> Int { 6 * text.utf8.count + 2 }
    static func stringRoom(_ text: String?) -> Int { text.map(stringRoom) ?? 4 }

    /// Opens an object or array (`{` or `[`).
    mutating func open(_ bracket: UInt8) {
        end[0] = bracket
        end += 1
        levels += 1
        first = true
    }

    /// Closes it on a line of its own (`}` or `]`).
    mutating func close(_ bracket: UInt8) {
        levels -= 1
        newline()
        end[0] = bracket
        end += 1
        first = false
    }

    /// `[]`, an empty array.
    mutating func emptyArray() {
        end[0] = UInt8(ascii: "[")
        end[1] = UInt8(ascii: "]")
        end += 2
    }

    /// Starts an array item.
    mutating func item() {
        if !first { end[0] = UInt8(ascii: ","); end += 1 }
        first = false
        newline()
    }

    /// Starts a member: `,` unless it is the first, a newline, indentation, `"name": `.
    mutating func key(_ key: JSONKey) {
        if !first { end[0] = UInt8(ascii: ","); end += 1 }
        first = false
        newline()
        let raw = UnsafeMutableRawPointer(end)
        raw.storeBytes(of: key.low, as: UInt64.self)
        (raw + 8).storeBytes(of: key.high, as: UInt64.self)
        end += key.count
    }

    private mutating func newline() {
        end[0] = 0x0A
        end = ByteSink.indent(end + 1, levels)
    }

    /// A JSON string literal, escaped as `JSONWriter.writeString` does.
    mutating func string(_ text: String) {
        // Read in place: a copy would count a reference to the string's storage, which rows
        // on both cores share.
        let done = text.utf8.withContiguousStorageIfAvailable { quoted($0) } ?? false
        if !done {
            var escaped: [UInt8] = []
            JSONWriter.writeString(text, into: &escaped)
            escaped.withUnsafeBufferPointer { end.update(from: $0.baseAddress!, count: $0.count) }
            end += escaped.count
        }
    }

    /// `utf8` quoted when it needs no escape (copied while checked: the strings of rows are
    /// short, and most need none); false, with nothing kept, when it does.
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = utf8.count
        end[0] = UInt8(ascii: "\"")
        if n > 0 {
            let from = UnsafeRawPointer(utf8.baseAddress!), to = UnsafeMutableRawPointer(end + 1)
            // Eight bytes at a time, checked together; the last eight overlap those before.
            if n >= 8 {
                var k = 0
                while true {
                    let word = from.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    if RoomWriter.needsEscape(word) { return false }
                    to.storeBytes(of: word, toByteOffset: k, as: UInt64.self)
                    if k == n - 8 { break }
                    k = min(k + 8, n - 8)
                }
            } else {
                for k in 0..<n {
                    let c = utf8[k]
                    if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return false }
                    end[1 + k] = c
                }
            }
        }
        end[1 + n] = UInt8(ascii: "\"")
        end += n + 2
        return true
    }

    /// Whether any of the eight bytes of `word` is below 0x20, a quote or a backslash: each
    /// test sets the high bit of a byte's lane exactly when some byte matches.
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- 0x20 &* ones) & ~word & high
        let quote = word ^ (0x22 &* ones), backslash = word ^ (0x5C &* ones)
        return (control | ((quote &- ones) & ~quote & high) | ((backslash &- ones) & ~backslash & high)) != 0
    }

    /// Literal `k` of `literals` (a string quoted and escaped once, or a run of a row's
    /// layout, `StatusRowRuns`) copied sixteen bytes at a time (a call to copy memory costs
    /// more than such copies): it may write up to 15 bytes past its end, which what follows
    /// writes again (`literalSlack` counts them once a row). `JSONLiterals` keeps 16 bytes
    /// after its last literal, so the reads stay within its memory.
    /// (Here, not in `JSONLiterals`: called across modules, the call cost more than the copy.)
    @inline(__always)
    mutating func literal(_ k: Int32, in literals: JSONLiterals) {
        let start = Int(literals.starts[Int(k)]), length = Int(literals.starts[Int(k) + 1]) - start
        let from = UnsafeRawPointer(literals.bytes + start), into = UnsafeMutableRawPointer(end)
        var at = 0
        repeat {
            into.storeBytes(of: from.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self), toByteOffset: at,
                            as: SIMD16<UInt8>.self)
            at += 16
        } while at < length
        end += length
    }

    /// What a row's room needs once beyond its literals' lengths.
    static let literalSlack = 16

    /// The length of literal `k` of `literals`, read in place.
    @inline(__always)
    static func length(_ k: Int32, in literals: JSONLiterals) -> Int {
        Int(literals.starts[Int(k) + 1] - literals.starts[Int(k)])
    }

    /// A string, or `null`.
    mutating func optional(_ text: String?) {
        if let text { string(text) } else { null() }
    }

    /// `true` or `false`, in one store.
    mutating func bool(_ value: Bool) {
        // "true" and "false", little-endian.
        UnsafeMutableRawPointer(end).storeBytes(of: value ? 0x6575_7274 : 0x65_736C_6166 as UInt64, as: UInt64.self)
        end += value ? 4 : 5
    }

    /// `null`, in one store.
    mutating func null() {
        UnsafeMutableRawPointer(end).storeBytes(of: 0x6C6C_756E as UInt32, as: UInt32.self)
        end += 4
    }

    /// A whole number.
    mutating func integer(_ value: Int) {
        for byte in String(value).utf8 {
            end[0] = byte
            end += 1
        }
    }

    /// A day as `"YYYY-MM-DD"` (the ledger's years have four digits), in two stores.
    mutating func day(_ day: Day) {
        let (y, m, d) = day.civil
        guard (0...9999).contains(y) else { string(day.description); return }
        digits(year: y, month: m, day: d)
    }

    /// `day(_:)` of a day whose year, month and day were packed as it was worked out
    /// (`Day.packed`; 0 for not packed, then worked out here).
    mutating func day(_ day: Day, packed: UInt32) {
        guard packed != 0 else { self.day(day); return }
        digits(year: Int(packed >> 9), month: Int(packed >> 5 & 15), day: Int(packed & 31))
    }

    /// Writes `"YYYY-MM-DD"` for a year of 0–9999.
    @inline(__always)
    private mutating func digits(year y: Int, month m: Int, day d: Int) {
        let century = UInt64(y / 100)
        let word = 0x22 | RoomWriter.digits(century) << 8 | RoomWriter.digits(UInt64(y) &- 100 &* century) << 24
            | 0x2D << 40 | RoomWriter.digits(UInt64(m)) << 48
        let tail = 0x2D | UInt32(truncatingIfNeeded: RoomWriter.digits(UInt64(d))) << 8 | 0x22 << 24
        let p = UnsafeMutableRawPointer(end)
        p.storeBytes(of: word, as: UInt64.self)
        p.storeBytes(of: tail, toByteOffset: 8, as: UInt32.self)
        end += 12
    }

    /// The two ASCII digits of `n` (0–99), the tens in the low byte: `n × 103 >> 10` is
    /// `n / 10` for every such n (`PrettyRowsTests` checks all of them).
    @inline(__always)
    static func digits(_ n: UInt64) -> UInt64 {
        let tens = (n &* 103) >> 10
        return (0x30 &+ tens) | (0x30 &+ n &- 10 &* tens) << 8
    }
}

/// A JSON member's key as written after its indentation, `"name": `, made once and held in
/// two words (names of up to 12 bytes).
struct JSONKey {
    let low: UInt64
    let high: UInt64
    let count: Int

    init(_ name: StaticString) {
        var bytes = [UInt8](repeating: 0, count: 16)
        let size = name.utf8CodeUnitCount
        precondition(size <= 12, "a key of at most 12 bytes")
        bytes[0] = UInt8(ascii: "\"")
        for k in 0..<size { bytes[1 + k] = name.utf8Start[k] }
        bytes[1 + size] = UInt8(ascii: "\"")
        bytes[2 + size] = UInt8(ascii: ":")
        bytes[3 + size] = 0x20
        count = size + 4
        func word(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) } }
        low = word(0)
        high = word(8)
    }
}
