/// Text made safe for an HTML or SVG page, and numbers written the same way every time.
enum HTMLText {
    /// `text` with `& < > " '` replaced by entities, so data can never open a tag, end an
    /// attribute or start a script, in element content and in quoted attributes alike.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate rounded to one decimal (`12.5`, `-3`, `0.1`): short, and identical for
    /// identical input, so the page is byte-for-byte deterministic.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        return sign + String(whole) + (fraction == 0 ? "" : "." + String(fraction))
    }
}

extension HTMLText {
    /// How many characters `html` shows: tags left out, an entity counted as one.
    static func visibleLength(_ html: String) -> Int {
        var count = 0, inTag = false, inEntity = false
        for character in html {
            switch character {
            case "<": inTag = true
            case ">" where inTag: inTag = false
            case "&" where !inTag: inEntity = true; count += 1
            case ";" where inEntity: inEntity = false
            default: if !inTag && !inEntity { count += 1 }
            }
        }
        return count
    }
}
