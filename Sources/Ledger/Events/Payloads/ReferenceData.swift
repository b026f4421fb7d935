/// `ledger`: the genesis event, line 1 of every log.
public struct Genesis: Sendable, Equatable {
    /// The log format (1).
    public var format: Int64
    /// The ledger's name.
    public var name: String

    init(_ v: borrowing FieldValues) throws(EventError) {
        format = try v.integer(.format)
        name = try v.text(.name)
    }

    init(format: Int64, name: String) {
        self.format = format
        self.name = name
    }

    var fields: [JSONMember] { [JSONMember("format", .number(String(format))), JSONMember("name", .string(name))] }
}

/// What kind of body a network is.
public enum NetworkKind: String, Sendable, CaseIterable {
    case network, pact, platform, programme
}

/// `network`: registers a network, pact, platform or programme under its slug.
public struct NetworkRegistration: Sendable, Equatable {
    public var network: NetworkID
    public var name: String
    public var kind: NetworkKind
    /// When it was founded: a start before its earliest day is rejected.
    public var founded: EDTFDate?
    public var scope: String?
    public var managedBy: String?
    public var url: String?
    public var description: String?

    init(_ v: borrowing FieldValues) throws(EventError) {
        network = try v.network()
        name = try v.text(.name)
        kind = try v.choice(.kind)
        founded = try v.optionalDate(.founded)
        scope = v.optionalText(.scope)
        managedBy = v.optionalText(.managedBy)
        url = v.optionalText(.url)
        description = v.optionalText(.description)
    }

    var fields: [JSONMember] {
        var out = [JSONMember("network", .string(network.rawValue)), JSONMember("name", .string(name)),
                   JSONMember("kind", .string(kind.rawValue))]
        if let founded { out.append(JSONMember("founded", .string(founded.text))) }
        if let scope { out.append(JSONMember("scope", .string(scope))) }
        if let managedBy { out.append(JSONMember("managedBy", .string(managedBy))) }
        if let url { out.append(JSONMember("url", .string(url))) }
        if let description { out.append(JSONMember("description", .string(description))) }
        return out
    }
}

/// What kind of body a member is.
public enum MemberKind: String, Sendable, CaseIterable {
    case city, region, metropolis, organisation
}

/// `member`: registers a city, region, metropolis or organisation under its slug.
public struct MemberRegistration: Sendable, Equatable {
    public var member: MemberID
    public var name: String
    public var kind: MemberKind
    /// ISO 3166-1 alpha-2.
    public var country: String?
    public var population: Int64?

    init(_ v: borrowing FieldValues) throws(EventError) {
        member = try v.member()
        name = try v.text(.name)
        kind = try v.choice(.kind)
        country = v.optionalText(.country)
        population = v.optionalInteger(.population)
    }

    var fields: [JSONMember] {
        var out = [JSONMember("member", .string(member.rawValue)), JSONMember("name", .string(name)),
                   JSONMember("kind", .string(kind.rawValue))]
        if let country { out.append(JSONMember("country", .string(country))) }
        if let population { out.append(JSONMember("population", .number(String(population)))) }
        return out
    }
}

/// `rename`: a member or a network takes a new name from a date.
public struct Rename: Sendable, Equatable {
    /// Who is renamed.
    public enum Subject: Sendable, Equatable {
        case network(NetworkID)
        case member(MemberID)
    }

    public var subject: Subject
    public var name: String
    public var date: EDTFDate

    init(_ v: borrowing FieldValues) throws(EventError) {
        switch (v.optionalText(.network), v.optionalText(.member)) {
        case (let network?, nil): subject = .network(NetworkID(network))
        case (nil, let member?): subject = .member(MemberID(member))
        default: throw EventError("a rename names exactly one of 'network' or 'member'")
        }
        name = try v.text(.name)
        date = try v.date()
    }

    var fields: [JSONMember] {
        var out: [JSONMember] = []
        switch subject {
        case .network(let id): out.append(JSONMember("network", .string(id.rawValue)))
        case .member(let id): out.append(JSONMember("member", .string(id.rawValue)))
        }
        out.append(JSONMember("name", .string(name)))
        out.append(JSONMember("date", .string(date.text)))
        return out
    }
}

/// `merger`: from its date, the network's open commitments continue in `into`.
public struct Merger: Sendable, Equatable {
    public var network: NetworkID
    public var into: NetworkID
    public var date: EDTFDate

    init(_ v: borrowing FieldValues) throws(EventError) {
        network = try v.network()
        into = try v.network(.into)
        date = try v.date()
    }

    var fields: [JSONMember] {
        [JSONMember("network", .string(network.rawValue)), JSONMember("into", .string(into.rawValue)),
         JSONMember("date", .string(date.text))]
    }
}

/// `closure`: every open commitment in the network ends.
public struct Closure: Sendable, Equatable {
    public var network: NetworkID
    public var date: EDTFDate
    public var successor: NetworkID?

    init(_ v: borrowing FieldValues) throws(EventError) {
        network = try v.network()
        date = try v.date()
        successor = v.optionalNetwork(.successor)
    }

    var fields: [JSONMember] {
        var out = [JSONMember("network", .string(network.rawValue)), JSONMember("date", .string(date.text))]
        if let successor { out.append(JSONMember("successor", .string(successor.rawValue))) }
        return out
    }
}
