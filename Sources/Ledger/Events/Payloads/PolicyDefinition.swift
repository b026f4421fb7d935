/// `policy`: what a network demands of the commitments it binds (SPEC §3.1).
public struct PolicyDefinition: Sendable, Equatable {
    /// Whom a policy binds.
    public enum Applies: String, Sendable {
        /// A vintage: commitments that start on or after its date, for their whole life.
        case new
        /// A standard: from its date, every commitment in the network.
        case all
    }

    /// When a rule is due.
    public enum Deadline: Sendable, Equatable {
        /// That many calendar months after the start (or after a later standard).
        case within(Int64)
        /// An absolute deadline: the date's latest day.
        case by(EDTFDate)
    }

    /// One item of `rules`: a milestone due by a deadline.
    public struct Rule: Sendable, Equatable {
        public var milestone: String
        public var deadline: Deadline
    }

    /// One item of `every`: a milestone due `months` after the `after` milestone, then again.
    public struct Recurring: Sendable, Equatable {
        public var milestone: String
        public var months: Int64
        public var after: String
    }

    public var network: NetworkID
    public var date: EDTFDate
    /// As written: nil when the event leaves it out (which means `new`).
    public var applies: Applies?
    public var title: String
    public var rules: [Rule]
    /// As written: nil when the event leaves it out.
    public var every: [Recurring]?
    /// What full compliance earns.
    public var badge: String?

    /// A standard (`applies: "all"`) rather than a vintage.
    public var isStandard: Bool { applies == .all }

    init(_ v: borrowing FieldValues) throws(EventError) {
        network = try v.network()
        date = try v.date()
        if let text = v.optionalText(.applies) {
            guard let applies = Applies(rawValue: text) else { throw EventError("field 'applies' is not new or all") }
            self.applies = applies
        }
        title = try v.text(.title)
        guard case .array(let ruleItems)? = v[.rules] else { throw EventError("missing field 'rules'") }
        rules = []
        for item in ruleItems {
            guard let milestone = item["milestone"]?.stringValue else { throw EventError("a rule needs a milestone") }
            if let months = item["within"]?.int64Value {
                rules.append(Rule(milestone: milestone, deadline: .within(months)))
            } else if let text = item["by"]?.stringValue {
                do { rules.append(Rule(milestone: milestone, deadline: .by(try EDTFDate.parse(text)))) } catch {
                    throw EventError("field 'rules': \(error.message)")
                }
            } else {
                throw EventError("a rule needs 'within' or 'by'")
            }
        }
        if case .array(let items)? = v[.every] {
            var every: [Recurring] = []
            for item in items {
                guard let milestone = item["milestone"]?.stringValue, let months = item["months"]?.int64Value,
                      let after = item["after"]?.stringValue else { throw EventError("an 'every' item needs milestone, months, after") }
                every.append(Recurring(milestone: milestone, months: months, after: after))
            }
            self.every = every
        }
        badge = v.optionalText(.badge)
    }

    var fields: [JSONMember] {
        var out = [JSONMember("network", .string(network.rawValue)), JSONMember("date", .string(date.text))]
        if let applies { out.append(JSONMember("applies", .string(applies.rawValue))) }
        out.append(JSONMember("title", .string(title)))
        out.append(JSONMember("rules", .array(rules.map { rule in
            switch rule.deadline {
            case .within(let months):
                return .object([JSONMember("milestone", .string(rule.milestone)), JSONMember("within", .number(String(months)))])
            case .by(let date):
                return .object([JSONMember("milestone", .string(rule.milestone)), JSONMember("by", .string(date.text))])
            }
        })))
        if let every {
            out.append(JSONMember("every", .array(every.map {
                .object([JSONMember("milestone", .string($0.milestone)), JSONMember("months", .number(String($0.months))),
                         JSONMember("after", .string($0.after))])
            })))
        }
        if let badge { out.append(JSONMember("badge", .string(badge))) }
        return out
    }
}
