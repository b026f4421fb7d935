import Ledger

/// Command-line words split into options, flags and positionals, checked against
/// what the command accepts. Unknown options are usage errors with a hint.
struct Arguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `words` for `command`, which takes the options in `valued` (with a value)
    /// and `switches` (without). Accepts `--name value` and `--name=value`.
    init(_ words: [String], command: String, valued: [String], switches: [String] = []) throws(LedgerError) {
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if !onlyPositionals && word == "-h" && switches.contains("help") {
                flags.insert("help")
                continue
            }
            if onlyPositionals || !word.hasPrefix("--") || word == "-" {
                if !onlyPositionals && word.hasPrefix("-") && word != "-" && word.count > 1 {
                    throw LedgerError(.usage, "unknown option '\(word)' for '\(command)'",
                                      hint: "see 'memberships help \(command)'")
                }
                positionals.append(word)
                continue
            }
            if word == "--" { onlyPositionals = true; continue }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if valued.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < words.count else {
                        throw LedgerError(.usage, "option '--\(name)' needs a value", hint: "see 'memberships help \(command)'")
                    }
                    values[name, default: []].append(words[index])
                    index += 1
                }
            } else if switches.contains(name) && inlineValue == nil {
                flags.insert(name)
            } else {
                let known = (valued + switches).map { "--" + $0 }
                throw LedgerError(.usage, "unknown option '--\(name)' for '\(command)'"
                    + Suggestion.hint(for: "--" + name, in: known),
                    hint: "see 'memberships help \(command)'")
            }
        }
    }

    /// The last value given for an option.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Whether a switch was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// An option that must be a non-negative integer.
    func integer(_ name: String) throws(LedgerError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let n = Int(text), n >= 0 else {
            throw LedgerError(.usage, "option '--\(name)' takes a non-negative integer, not '\(text)'")
        }
        return n
    }

    /// Fails unless there are between `min` and `max` positionals.
    func requirePositionals(_ min: Int, _ max: Int, command: String, what: String) throws(LedgerError) {
        if positionals.count < min {
            throw LedgerError(.usage, "'\(command)' needs \(what)", hint: "see 'memberships help \(command)'")
        }
        if positionals.count > max {
            throw LedgerError(.usage, "unexpected argument '\(positionals[max])' for '\(command)'",
                              hint: "see 'memberships help \(command)'")
        }
    }
}
