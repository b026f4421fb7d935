/// The EDTF date parser: a date it accepts has earliest ≤ latest, parses again from its own
/// text to the same value, and as `--as-of` (a year, month or day) means its last day.
enum FuzzEDTF {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let written = text(bytes) else { return }
        let asOf = try? EDTFDate.parseAsOf(written)
        guard let date = try? EDTFDate.parse(written) else {
            require(asOf == nil, "--as-of accepts what the date parser rejects: \(written)")
            return
        }
        require(date.earliest <= date.latest, "earliest after latest: \(written)")
        require((try? EDTFDate.parse(date.text)) == date, "the date's own text parses to another date: \(written)")
        if let asOf { require(asOf == date.latest, "--as-of is not the last day: \(written)") }
        if !date.isInterval && !date.isUncertain && !date.isApproximate {
            require(asOf == date.latest, "--as-of rejects a plain date: \(written)")
        }
    }
}
