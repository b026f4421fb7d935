import Ledger

/// What an event says, in words for people: the `summary` of the timeline and the audit trail.
///
/// Members and networks are named as they were called just before the event (renames
/// earlier in the §4 order applied), so a 2014 entry reads with the 2014 name.
enum Summary {
    /// How to name members and networks for one event.
    struct Names {
        var member: (MemberID) -> String
        var network: (NetworkID) -> String
    }

    /// The names in force just before `event` (the registered names for an undated event);
    /// an unregistered slug is shown as itself.
    static func names(for event: Event, in registry: Registry) -> Names {
        let order = EventOrder(event)
        return Names(member: { registry.name(of: $0, before: order) ?? $0.rawValue },
                     network: { registry.name(of: $0, before: order) ?? $0.rawValue })
    }

    /// The sentence for `event`. Amendments are described by the audit trail, which knows
    /// their target; here they get a plain sentence.
    static func text(_ event: Event, names: Names) -> String {
        let member = event.member.map(names.member) ?? "?"
        let network = event.network.map(names.network) ?? "?"
        switch event.type {
        case .ledger:
            return "Ledger opened: \(event.string("name") ?? "")"
        case .member:
            let details = [event.string("kind"), event.string("country")].compactMap { $0 }
            return "Member registered: \(event.string("name") ?? member)" + parenthesised(details)
        case .network:
            let details = [event.string("kind"), event.string("founded").map { "founded \($0)" },
                           event.string("managedBy").map { "managed by \($0)" }].compactMap { $0 }
            return "Network registered: \(event.string("name") ?? network)" + parenthesised(details)
        case .rename:
            let old = event.member.map(names.member) ?? network
            return "\(old) is renamed \(event.string("name") ?? "")"
        case .merger:
            return "\(network) merges into \(event.into.map(names.network) ?? "?")"
        case .closure:
            return "\(network) closes" + (event.successor.map { "; successor: \(names.network($0))" } ?? "")
        case .policy:
            return policy(event, network: network)
        case .membership:
            return "\(member) joins \(network)" + (event.string("role").map { " as \($0)" } ?? "")
        case .signature:
            return "\(member) becomes a signatory of \(network)"
        case .selection:
            return "\(member) is selected for \(network)" + (event.string("cohort").map { " (cohort \($0))" } ?? "")
        case .withdrawal:
            return "\(member) withdraws from \(network)"
        case .suspension:
            return "\(member) is suspended from \(network)"
        case .reinstatement:
            return "\(member) is reinstated in \(network)"
        case .milestone:
            return "\(member) reaches milestone “\(event.milestone ?? "")” in \(network)"
        case .recognition:
            return "\(member) is recognised “\(event.string("badge") ?? "")” by \(network)"
        case .activity:
            return "\(member): \(event.string("title") ?? "")" + (event.network.map { " (\(names.network($0)))" } ?? "")
        case .correction:
            return "Correction of \(event.target?.rawValue ?? "?"): \(event.string("reason") ?? "")"
        case .retraction:
            return "Retraction of \(event.target?.rawValue ?? "?"): \(event.string("reason") ?? "")"
        }
    }

    /// "Covenant of Mayors adopts “2020 commitments” for new commitments: plan within 12
    /// months, inventory within 12 months; report every 24 months after plan".
    private static func policy(_ event: Event, network: String) -> String {
        var text = "\(network) adopts “\(event.string("title") ?? "")”"
        text += event.string("applies") == "all" ? " for all commitments" : " for new commitments"
        var parts: [String] = []
        if case .array(let rules)? = event.value("rules") {
            for rule in rules {
                let name = rule["milestone"]?.stringValue ?? "?"
                if let within = rule["within"]?.int64Value {
                    parts.append("\(name) within \(within) month\(within == 1 ? "" : "s")")
                } else if let by = rule["by"]?.stringValue {
                    parts.append("\(name) by \(by)")
                }
            }
        }
        var recurring: [String] = []
        if case .array(let every)? = event.value("every") {
            for item in every {
                let months = item["months"]?.int64Value ?? 0
                recurring.append("\(item["milestone"]?.stringValue ?? "?") every \(months) month\(months == 1 ? "" : "s") after \(item["after"]?.stringValue ?? "?")")
            }
        }
        let clauses = [parts.joined(separator: ", "), recurring.joined(separator: ", ")].filter { !$0.isEmpty }
        if !clauses.isEmpty { text += ": " + clauses.joined(separator: "; ") }
        if let badge = event.string("badge") { text += "; badge “\(badge)”" }
        return text
    }

    private static func parenthesised(_ details: [String]) -> String {
        details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")"
    }
}
