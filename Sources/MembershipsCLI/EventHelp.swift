import Ledger

/// Help on the event types: `memberships help events` and `memberships help TYPE`.
///
/// The fields of each type — their names, order, whether they are required, what they
/// hold — come from `EventSchema`, the table the decoder checks events against, so the
/// help cannot drift from what is accepted. The words (what a type or a field means) and
/// the examples are written here. The examples tell one story (the tests append them all,
/// in order, to a new ledger, both as JSON lines and as flags).
enum EventHelp {
    /// What a type is for, an example, and the rules an event of it must obey.
    struct Entry {
        /// One line: what the type records.
        let summary: String
        /// An event of the type as a JSON line, as `append` takes it (for `ledger`: the
        /// line as `init` writes it).
        let example: String
        /// What is checked when one is appended, beyond each field's own form.
        let rules: [String]
    }

    /// The types in groups, in the order `help events` lists them.
    static let groups: [(title: String, types: [EventType])] = [
        ("genesis", [.ledger]),
        ("reference data", [.network, .member, .rename, .merger, .closure, .policy]),
        ("commitments (the three ways in)", [.membership, .signature, .selection]),
        ("life of a commitment", [.withdrawal, .suspension, .reinstatement, .milestone, .recognition, .activity]),
        ("amendments (the only way to change the record)", [.correction, .retraction]),
    ]

    static let entries: [EventType: Entry] = [
        .ledger: Entry(
            summary: "the genesis: line 1 of every log, written by 'memberships init'",
            example: #"{"seq":1,"id":"269c8d11-bfe0-44a0-bf80-4869600a8402","type":"ledger","recorded":"2026-11-29T04:25:16Z","format":1,"name":"Paris — international climate and energy networks","prev":"0000000000000000000000000000000000000000000000000000000000000000"}"#,
            rules: ["Only at line 1, and only through 'memberships init DIR --name NAME'; it cannot be appended, corrected or retracted."]),
        .network: Entry(
            summary: "registers a network, pact, platform or programme under its slug",
            example: #"{"id":"net-covenant-of-mayors","type":"network","network":"covenant-of-mayors","name":"Covenant of Mayors","kind":"pact","founded":"2008-01-29","scope":"Europe","managedBy":"European Commission","url":"https://eu-mayors.ec.europa.eu","description":"Cities commit to cut their CO2 emissions by at least 20 % by 2020","source":"European Commission"}"#,
            rules: ["A slug is registered once; change a name later with 'rename' or 'correction'.",
                    "No commitment in the network may start before the earliest day of 'founded'."]),
        .member: Entry(
            summary: "registers a city, region, metropolis or organisation under its slug",
            example: #"{"id":"member-paris","type":"member","member":"paris","name":"Paris","kind":"city","country":"FR","population":2133111,"source":"INSEE, 2021 census"}"#,
            rules: ["A slug is registered once; change a name later with 'rename' or 'correction'."]),
        .rename: Entry(
            summary: "a network or a member takes a new name from a date",
            example: #"{"id":"rename-covenant-2015","type":"rename","network":"covenant-of-mayors","name":"Covenant of Mayors for Climate & Energy","date":"2015-10-15"}"#,
            rules: ["Names exactly one of 'network' or 'member', registered earlier."]),
        .merger: Entry(
            summary: "from its date a network's open commitments continue in another ('into')",
            example: #"{"id":"merger-compact-gcom","type":"merger","network":"compact-of-mayors","into":"global-covenant-of-mayors","date":"2016-06-22"}"#,
            rules: ["Both networks are registered; a network cannot merge into itself, nor into one that has ended.",
                    "Each commitment keeps its start date and its policy; nothing happens in 'network' after the merger."]),
        .closure: Entry(
            summary: "a network closes: every open commitment in it ends",
            example: #"{"id":"closure-100-resilient-cities","type":"closure","network":"100-resilient-cities","date":"2019-07-31","successor":"resilient-cities-network"}"#,
            rules: ["The network (and the successor, when given) are registered; 'successor' is for the record only: commitments do not move to it.",
                    "A network ends once; nothing happens in it after its closure."]),
        .policy: Entry(
            summary: "what a network demands of the commitments it binds, and from when",
            example: #"{"id":"policy-covenant-2008","type":"policy","network":"covenant-of-mayors","date":"2008-01-29","applies":"new","title":"Action plan and emission inventory within a year, then a report every two years","rules":[{"milestone":"plan","within":12},{"milestone":"inventory","within":12}],"every":[{"milestone":"report","months":24,"after":"plan"}]}"#,
            rules: ["applies \"new\" (the default) makes it a vintage: it binds the commitments that start on or after its date, for their whole life.",
                    "applies \"all\" makes it a standard: from its date it binds every commitment in the network, old and new.",
                    "within k: due k calendar months after the start's latest day (under a standard dated after the start, after the standard's); by D: due on D's latest day, and not binding on a commitment that starts after it.",
                    "every: first due n months after the 'after' milestone, then n months after each one.",
                    "badge: what a commitment that meets every rule is shown with. 'rules' may be empty.",
                    "The network is registered."]),
        .membership: Entry(
            summary: "a member joins a network: a commitment starts",
            example: #"{"id":"paris-c40-membership","type":"membership","member":"paris","network":"c40","date":"2007","role":"megacity"}"#,
            rules: startRules),
        .signature: Entry(
            summary: "a member signs a pact: a commitment starts",
            example: #"{"id":"paris-covenant-signature","type":"signature","member":"paris","network":"covenant-of-mayors","date":"2009-02-10","source":"EC press release IP/09/238"}"#,
            rules: startRules),
        .selection: Entry(
            summary: "a member is selected into a programme: a commitment starts",
            example: #"{"id":"paris-100rc-selection","type":"selection","member":"paris","network":"100-resilient-cities","date":"2015","cohort":"second cohort","note":"dated 2015 as the city's page says"}"#,
            rules: startRules),
        .withdrawal: Entry(
            summary: "a member leaves: its commitment ends",
            example: #"{"id":"paris-covenant-withdrawal","type":"withdrawal","member":"paris","network":"covenant-of-mayors","date":"2024-01"}"#,
            rules: openRules + ["It cannot share its earliest day with a start of the same member in the same network."]),
        .suspension: Entry(
            summary: "a commitment is suspended (its status shows 'suspended' until a reinstatement)",
            example: #"{"id":"paris-covenant-suspension","type":"suspension","member":"paris","network":"covenant-of-mayors","date":"2012-03"}"#,
            rules: openRules + ["The commitment is not suspended already."]),
        .reinstatement: Entry(
            summary: "a suspended commitment is reinstated",
            example: #"{"id":"paris-covenant-reinstatement","type":"reinstatement","member":"paris","network":"covenant-of-mayors","date":"2012-09"}"#,
            rules: openRules + ["The commitment is suspended."]),
        .milestone: Entry(
            summary: "a member reaches a milestone a policy may ask for (inventory, target, plan, report…)",
            example: #"{"id":"paris-100rc-strategy","type":"milestone","member":"paris","network":"100-resilient-cities","date":"2017-09-25","milestone":"strategy"}"#,
            rules: openRules + ["A policy's rule is met by the first milestone of its name."]),
        .recognition: Entry(
            summary: "a network recognises a member: 'compliant' with its badge, whatever the rules say",
            example: #"{"id":"paris-c40-recognition-2020","type":"recognition","member":"paris","network":"c40","date":"2020-12","badge":"Deadline 2020: plan consistent with the Paris Agreement"}"#,
            rules: openRules + ["It holds for the rest of the commitment, until a later recognition replaces it."]),
        .activity: Entry(
            summary: "something a member did, in a network or on its own (a workshop, a summit, a plan)",
            example: #"{"id":"paris-c40-chair","type":"activity","member":"paris","network":"c40","date":"2016-08-08","title":"Anne Hidalgo elected chair of C40"}"#,
            rules: ["The member (and the network, when given) are registered; it needs no commitment.",
                    "Nothing happens in a network after its merger or closure."]),
        .correction: Entry(
            summary: "sets fields of an earlier event; the original stays in the log",
            example: #"{"id":"paris-100rc-selection-date","type":"correction","target":"paris-100rc-selection","set":{"date":"2014-12-03"},"reason":"named in the second cohort, announced on 2014-12-03"}"#,
            rules: ["'target' is the id of an earlier event that is not the genesis, an amendment or retracted.",
                    "'set' may name any field of the target's type, and source and note; never null.",
                    "The ledger with the correction applied must still obey every rule.",
                    "Several corrections of one event apply in log order."]),
        .retraction: Entry(
            summary: "an earlier event no longer counts; it stays in the log",
            example: #"{"id":"retract-paris-c40-chair","type":"retraction","target":"paris-c40-chair","reason":"recorded in the wrong ledger"}"#,
            rules: ["'target' is the id of an earlier event that is not the genesis, an amendment or retracted.",
                    "The ledger without it must still obey every rule: retract what depends on a start first."]),
    ]

    static let startRules = [
        "The member and the network are registered; the start's latest day is not before the network's 'founded'.",
        "Nothing starts in a network after its merger or closure.",
        "A new start while the member's commitment in that network is open renews it (the old one ends, reason 'renewed').",
    ]

    static let openRules = [
        "Needs a commitment of the member in the network, open at its date (started earlier, or carried in by a merger).",
    ]

    // MARK: - What each field means

    /// What `field` means in `type`: the type's own wording where it differs, else the field's.
    static func meaning(of field: String, in type: EventType) -> String {
        switch (type, field) {
        case (.ledger, "name"): return "the ledger's name"
        case (.network, "network"), (.member, "member"): return "its slug, which every later event uses"
        case (.network, "name"): return "the network's name"
        case (.member, "name"): return "the member's name"
        case (.rename, "name"): return "the new name"
        case (.rename, "network"): return "the network renamed (or give member)"
        case (.rename, "member"): return "the member renamed (or give network)"
        case (.rename, "date"): return "from when the new name holds"
        case (.merger, "network"): return "the network that merges away"
        case (.merger, "date"): return "from when its commitments continue in 'into'"
        case (.closure, "network"): return "the network that closes"
        case (.closure, "date"): return "when every open commitment in it ends"
        case (.policy, "network"): return "the network whose policy it is"
        case (.policy, "date"): return "from when it applies"
        case (.policy, "title"): return "what it asks, in words"
        case (.policy, "badge"): return "what full compliance earns, e.g. compliant"
        case (.recognition, "badge"): return "the recognition, as the network words it"
        case (.activity, "network"): return "the network it was in, if any"
        case (.activity, "title"): return "what happened"
        case (.network, "kind"), (.member, "kind"): return "what kind of body it is"
        case (let type, "date") where type.isStart: return "when the commitment starts"
        default: return meanings[field] ?? ""
        }
    }

    static let meanings: [String: String] = [
        "format": "the log format",
        "network": "the network's slug",
        "member": "the member's slug",
        "founded": "when it was founded",
        "scope": "where it works, e.g. Europe, Global",
        "managedBy": "who runs it",
        "url": "its web address",
        "description": "what it is, in a sentence",
        "country": "ISO 3166-1 alpha-2 code, e.g. FR",
        "population": "inhabitants",
        "into": "the network its commitments continue in",
        "date": "when it happened",
        "successor": "the network that took over (for the record)",
        "applies": "new: a vintage (the default); all: a standard",
        "rules": "milestones due within months or by a date",
        "every": "recurring milestones",
        "role": "the member's role, e.g. megacity",
        "cohort": "the cohort it was selected in",
        "milestone": "what was reached, e.g. inventory, target, plan, report",
        "target": "the id of the event amended",
        "set": "field → new value",
        "reason": "why",
    ]

    // MARK: - What each kind of value is

    /// A short name for what a field holds, for the fields table.
    static func kindName(_ kind: FieldKind) -> String {
        switch kind {
        case .slug: return "slug"
        case .text: return "text"
        case .date: return "date"
        case .integer(let range) where range.lowerBound == range.upperBound: return "\(range.lowerBound)"
        case .integer(let range) where range.upperBound == Int64.max: return "integer ≥ \(range.lowerBound)"
        case .integer(let range): return "integer \(range.lowerBound)–\(range.upperBound)"
        case .choice(let words): return words.joined(separator: " | ")
        case .country: return "country"
        case .rules, .every: return "JSON array"
        case .corrections: return "JSON object"
        case .target: return "event id"
        }
    }

    /// The legend of a kind, for the kinds a type's fields use.
    static func legend(_ kind: FieldKind) -> String? {
        switch kind {
        case .slug:
            return "slug: a-z, 0-9 and '-', starting with a letter or digit, at most 64 characters"
        case .text:
            return "text: any Unicode text, at most 2,000 bytes of UTF-8, no control characters but tab"
        case .date:
            return "date: a year 2014, a month 2014-06, a day 2014-06-05, qualified 2014? (uncertain) 2014~ (approximate) 2014-06% (both), or an interval 2014-09-23/2016-06-22: the span of days it covers"
        case .country:
            return "country: two capital letters, ISO 3166-1 alpha-2"
        case .rules:
            return #"rules: [{"milestone": slug, "within": months 1–1200} or {"milestone": slug, "by": date}, …]"#
        case .every:
            return #"every: [{"milestone": slug, "months": 1–1200, "after": slug}, …]"#
        case .corrections:
            return #"set: {"field": new value, …}: any field of the target's type, and source, note"#
        case .target:
            return "event id: the id of an earlier event, [A-Za-z0-9._:-], 1 to 128 characters"
        case .integer, .choice:
            return nil
        }
    }

    // MARK: - Rendering

    /// `memberships help events`: every type, one line each, in groups.
    static var overview: String {
        let width = EventType.allCases.map(\.rawValue.count).max() ?? 0
        var lines = ["Event types. 'memberships help event TYPE' (or 'help TYPE', for a type that is not also a",
                     "command) shows a type's fields, what is checked, and an example:"]
        for group in groups {
            lines.append("")
            lines.append(group.title)
            for type in group.types {
                lines.append("  " + pad(type.rawValue, width) + "  " + (entries[type]?.summary ?? ""))
            }
        }
        lines += [
            "",
            "Every event may also have: id (your key: appending the same id and content twice writes it once;",
            "generated when left out), by (who records it), source (the document the fact comes from) and",
            "note. The ledger sets seq, recorded and prev.",
            "",
            "Dates: 2014, 2014-06, 2014-06-05; qualified 2014? 2014~ 2014-06%; intervals 2014-09-23/2016-06-22.",
            "",
            "examples:",
            "  memberships help policy",
            "  memberships help membership",
        ]
        return lines.joined(separator: "\n")
    }

    /// `memberships help TYPE`: what it records, its fields from the schema, the rules
    /// checked, and an example as `append` flags and as a JSON line.
    static func text(for type: EventType) -> String {
        let entry = entries[type]
        let specs = EventSchema.fields(of: type)
        var lines = wrapped("\(type.rawValue) — \(entry?.summary ?? "")", first: "", rest: "  ")
        lines += ["", "fields, in the order the ledger writes them:"]
        // Within 80 columns: a kind longer than the column (a list of choices) stands alone,
        // its meaning below it; a meaning that does not fit goes on under itself.
        let nameWidth = specs.map(\.name.count).max() ?? 0
        let kindWidth = min(specs.map { kindName($0.kind).count }.max() ?? 0, 18)
        let meaningColumn = String(repeating: " ", count: 2 + nameWidth + 2 + 8 + 2 + kindWidth + 2)
        for spec in specs {
            let kind = kindName(spec.kind)
            let start = "  " + pad(spec.name, nameWidth) + "  " + (spec.required ? "required" : "optional") + "  "
            let meaning = meaning(of: spec.name, in: type)
            if kind.count > kindWidth {
                lines.append(start + kind)
                if !meaning.isEmpty { lines += wrapped(meaning, first: meaningColumn, rest: meaningColumn) }
            } else {
                lines += wrapped(meaning, first: start + pad(kind, kindWidth) + "  ", rest: meaningColumn).map(trimmedRight)
            }
        }
        if type != .ledger {
            lines += wrapped("and on every event, optional: id, by, source, note (text); the ledger sets seq, recorded, prev.",
                             first: "", rest: "  ")
        }
        var legends: [String] = []
        for spec in specs {
            guard let legend = legend(spec.kind), !legends.contains(legend) else { continue }
            legends.append(legend)
        }
        if !legends.isEmpty {
            lines.append("")
            for legend in legends { lines += wrapped(legend, first: "", rest: "  ") }
        }
        if let entry, !entry.rules.isEmpty {
            lines.append("")
            lines.append("notes (what is checked when one is appended, and what it means):")
            for rule in entry.rules { lines += wrapped(rule, first: "  - ", rest: "    ") }
        }
        if let entry {
            lines.append("")
            if type == .ledger {
                lines.append("example (memberships init writes it):")
                lines.append(#"  memberships init /tmp/x \"#)
                lines.append(#"      --name "Paris — international climate and energy networks""#)
                lines.append("")
                lines.append("line 1 of its log:")
            } else {
                lines.append("example, as flags:")
                lines.append(flagsExample(type: type, json: entry.example))
                lines.append("")
                lines.append("the same as a JSON line (memberships append --file events.jsonl, or on stdin):")
            }
            lines.append("  " + entry.example)
        }
        return lines.joined(separator: "\n")
    }

    /// `memberships append TYPE --flag value …` for a JSON example, wrapped with `\`.
    static func flagsExample(type: EventType, json: String) -> String {
        guard case .object(let members)? = try? JSONReader.parse(json) else { return "" }
        let flagOf = Dictionary(AppendCommand.fieldFlags.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        var words: [String] = []
        for member in members where member.key != "type" {
            let flag = flagOf[member.key] ?? member.key
            let value: String
            if case .string(let text) = member.value {
                value = text
            } else {
                value = String(decoding: JSONWriter.encode(member.value), as: UTF8.self)
            }
            words.append("--\(flag) " + shellQuoted(value))
        }
        var lines: [String] = []
        var line = "  memberships append \(type.rawValue)"
        for word in words {
            // At most 80 columns with the " \\" that continues the line.
            if line.count + 1 + word.count > 78 {
                lines.append(line + " \\")
                line = "      " + word
            } else {
                line += " " + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// `text` as one word for a POSIX shell: bare when it is safe, in double quotes when
    /// nothing in it is special there, else in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9")
                || "-_./:@%+,".unicodeScalars.contains($0)
        }
        if safe { return text }
        if !text.unicodeScalars.contains(where: { "\"$`\\!".unicodeScalars.contains($0) }) { return "\"" + text + "\"" }
        return "'" + text.replacingAll("'", with: #"'\''"#) + "'"
    }

    /// `text` cut into lines of at most `width` characters at spaces, the first line
    /// starting with `first` and the others with `rest`.
    static func wrapped(_ text: String, first: String, rest: String, width: Int = 80) -> [String] {
        var lines: [String] = []
        var line = first
        var empty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !empty && line.count + 1 + word.count > width {
                lines.append(line)
                line = rest + word
            } else {
                line += (empty ? "" : " ") + word
            }
            empty = false
        }
        lines.append(line)
        return lines
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func trimmedRight(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}

