import Ledger

/// Command-line words split into options, flags and positionals, checked against
/// what the command accepts. Unknown options are usage errors with a hint; so is an option
/// given twice (`--date 2014 --date 2030`: which one was meant?), unless the command lets
/// it repeat (`verify --checkpoint A --checkpoint B`).
struct Arguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Parses `words` for `command`, which takes the options in `valued` (with a value)
    /// and `switches` (without); those in `repeatable` may be given more than once.
    /// Accepts `--name value` and `--name=value`.
    init(_ words: [String], command: String, valued: [String], switches: [String] = [],
         repeatable: [String] = []) throws(LedgerError) {
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
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < words.count else {
                        throw LedgerError(.usage, "option '--\(name)' needs a value", hint: "see 'memberships help \(command)'")
                    }
                    value = words[index]
                    index += 1
                }
                if let earlier = values[name]?.first, !repeatable.contains(name) {
                    throw Arguments.twice(name, earlier, value, command: command)
                }
                values[name, default: []].append(value)
            } else if switches.contains(name) && inlineValue == nil {
                if flags.contains(name) && name != "help" {
                    throw LedgerError(.usage, "--\(name) is given twice", hint: "give it once; see 'memberships help \(command)'")
                }
                flags.insert(name)
            } else {
                let known = (valued + switches).map { "--" + $0 }
                throw LedgerError(.usage, "unknown option '--\(name)' for '\(command)'"
                    + Suggestion.hint(for: "--" + name, in: known),
                    hint: "see 'memberships help \(command)'")
            }
        }
    }

    /// An option given a second time: a usage error naming it and both values.
    static func twice(_ name: String, _ first: String, _ second: String, command: String) -> LedgerError {
        let values = first == second ? "\(SafeText.quoted(first)) both times"
                                     : "first \(SafeText.quoted(first)), then \(SafeText.quoted(second))"
        return LedgerError(.usage, "--\(name) is given twice (\(values)): which one is meant?",
                           hint: "give --\(name) once; see 'memberships \(command.isEmpty ? "--help" : "help " + command)'")
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
