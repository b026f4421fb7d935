import Ledger

/// What a dated event says, in the page's language, for the events table and the chart's
/// tooltips. The member and the network stand in their own columns (or name the lane), so
/// the phrase says only what happened: "joins", "reaches milestone “plan”". Values from the
/// data (milestones, badges, titles, roles, names) are shown as recorded, escaped.
extension ReportText {
    /// The phrase for `event` (as amended); `networkNames` names the network of a merger's
    /// `into` or a closure's `successor`.
    func describe(_ event: Event, networkNames: [String: String]) -> String {
        let e = HTMLText.escape
        func string(_ key: String) -> String { e(event.string(key) ?? "") }
        func network(_ id: NetworkID?) -> String {
            guard let id else { return "?" }
            return e(networkNames[id.rawValue] ?? id.rawValue)
        }
        switch event.type {
        case .membership:
            return event.string("role") == nil ? self(.eventMembership) : self(.eventMembershipRole, string("role"))
        case .signature: return self(.eventSignature)
        case .selection:
            return event.string("cohort") == nil ? self(.eventSelection) : self(.eventSelectionCohort, string("cohort"))
        case .withdrawal: return self(.eventWithdrawal)
        case .suspension: return self(.eventSuspension)
        case .reinstatement: return self(.eventReinstatement)
        case .milestone: return self(.eventMilestone, e(event.milestone ?? ""))
        case .recognition: return self(.eventRecognition, e(event.badge ?? ""))
        case .activity: return self(.eventActivity, string("title"))
        case .merger: return self(.eventMerger, network(event.into))
        case .closure:
            return event.successor == nil ? self(.eventClosure) : self(.eventClosureSuccessor, network(event.successor))
        case .rename: return self(.eventRename, string("name"))
        case .policy: return policy(event)
        case .ledger, .member, .network, .correction, .retraction:
            // Not dated, so never on the timeline; named by their type should one appear.
            return e(event.type.rawValue)
        }
    }

    /// "adopts “title” for new commitments: plan within 12 months, inventory by 31 December
    /// 2020; report every 24 months after plan; badge “compliant”".
    private func policy(_ event: Event) -> String {
        let e = HTMLText.escape
        var text = self(event.string("applies") == "all" ? .eventPolicyAll : .eventPolicyNew, e(event.string("title") ?? ""))
        var rules: [String] = []
        if case .array(let items)? = event.value("rules") {
            for rule in items {
                let name = e(rule["milestone"]?.stringValue ?? "?")
                if let within = rule["within"]?.int64Value {
                    rules.append(self(.policyWithin, name, months(within)))
                } else if let by = rule["by"]?.stringValue {
                    rules.append(self(.policyBy, name, date(by)))
                }
            }
        }
        var recurring: [String] = []
        if case .array(let items)? = event.value("every") {
            for item in items {
                recurring.append(self(.policyEvery, e(item["milestone"]?.stringValue ?? "?"),
                                      months(item["months"]?.int64Value ?? 0), e(item["after"]?.stringValue ?? "?")))
            }
        }
        let clauses = [rules.joined(separator: ", "), recurring.joined(separator: ", ")].filter { !$0.isEmpty }
        if !clauses.isEmpty { text = self(.policyDetails, text, clauses.joined(separator: self(.clauseSeparator))) }
        if let badge = event.string("badge") { text += self(.clauseSeparator) + self(.policyBadge, e(badge)) }
        return text
    }

    /// "12 months" / « 12 mois ».
    private func months(_ n: Int64) -> String {
        count(Int(n), one: .monthOne, other: .monthOther)
    }
}
