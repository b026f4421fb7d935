import Ledger

extension Replay {
    /// The registered names of `members`, from registrations this replay holds as facts alone
    /// (a range's, `MemberRanges`): each member's last known registration that is not
    /// retracted, read back from its line with its corrections, as `Registry` takes a
    /// member's registration. A member with no such registration is left out. Renames are in
    /// the registry (`Registry.name(of:asOf:registered:)`, `name(of:before:registered:)`).
    /// - Complexity: O(n) over the facts, plus a line read per member.
    func registeredNames(_ members: Set<Int32>) -> [Int32: String] {
        guard !members.isEmpty else { return [:] }
        var registration: [Int32: Int32] = [:]
        for index in 0..<known {
            let fact = facts[index]
            guard fact.type == .member, !fact.isRetracted, members.contains(fact.member) else { continue }
            registration[fact.member] = Int32(index)
        }
        var names: [Int32: String] = [:]
        for (member, index) in registration {
            guard let event = event(at: index), let id = event.member else { continue }
            names[member] = event.string("name") ?? id.rawValue
        }
        return names
    }
}
