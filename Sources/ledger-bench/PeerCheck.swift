import Foundation

/// Compares two `status --format json` outputs (SPEC §6): the envelope's `head`, `asOf`
/// and `knownAt`, then the `rows`, one by one, as parsed JSON (key order and layout do
/// not matter; values do).
enum PeerCheck {
    static func compare(memberships: String, peer: String) -> String {
        guard let ours = load(memberships) else { return "not checked — memberships' output is not a JSON object" }
        guard let theirs = load(peer) else { return "not checked — the peer's output is not a JSON object" }
        var notes: [String] = []
        for key in ["head", "asOf", "knownAt"] where !same(ours[key], theirs[key]) {
            notes.append("'\(key)' differs: memberships \(text(ours[key])), peer \(text(theirs[key]))")
        }
        let a = ours["rows"] as? [Any] ?? [], b = theirs["rows"] as? [Any] ?? []
        var differing = 0
        var first: Int?
        var fields: [String: Int] = [:]
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : nil, y = i < b.count ? b[i] : nil
            guard !same(x, y) else { continue }
            differing += 1
            if first == nil { first = i }
            if let x = x as? [String: Any], let y = y as? [String: Any] {
                for key in Set(x.keys).union(y.keys) where !same(x[key], y[key]) { fields[key, default: 0] += 1 }
            }
        }
        if notes.isEmpty && differing == 0 {
            return "match (\(Format.count(a.count)) rows)"
        }
        var lines = ["MISMATCH"]
        lines += notes.map { "  " + $0 }
        if let first {
            let byField = fields.sorted { $0.value > $1.value }.map { "\($0.key) \(Format.count($0.value))" }
            lines.append("  \(Format.count(differing)) of \(Format.count(max(a.count, b.count))) rows differ "
                         + "(memberships \(Format.count(a.count)) rows, peer \(Format.count(b.count)); by field: "
                         + byField.joined(separator: ", ") + "); first at row \(first + 1):")
            lines.append("  memberships: " + text(first < a.count ? a[first] : nil))
            lines.append("  peer:        " + text(first < b.count ? b[first] : nil))
        }
        return lines.joined(separator: "\n")
    }

    private static func load(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Deep equality of parsed JSON values.
    private static func same(_ x: Any?, _ y: Any?) -> Bool {
        switch (x, y) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case let (a as [String: Any], b as [String: Any]):
            return a.count == b.count && a.allSatisfy { key, value in b[key] != nil && same(value, b[key]) }
        case let (a as [Any], b as [Any]):
            return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case let (a as String, b as String): return a == b
        case (is NSNull, is NSNull): return true
        case let (a as NSNumber, b as NSNumber): return a == b && isBool(a) == isBool(b)
        default: return false
        }
    }

    private static func isBool(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c"
    }

    /// Compact JSON, keys sorted, for a message.
    private static func text(_ value: Any?) -> String {
        guard let value else { return "(no row)" }
        if value is NSNull { return "null" }
        if let s = value as? String { return "\"\(s)\"" }
        guard JSONSerialization.isValidJSONObject(value),
              let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
