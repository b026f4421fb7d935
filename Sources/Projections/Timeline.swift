import Ledger

extension Replay {
    /// The timeline as of `asOf` (SPEC §5): the events that have a `date` (not registrations,
    /// the genesis or amendments) whose earliest day is not after `asOf`, in §4 order.
    ///
    /// Filters, all optional and combined with "and":
    /// - `from` / `to`: keep events whose span overlaps [from's earliest day, to's latest day];
    /// - `network`: keep events whose `network` or `into` is it;
    /// - `member`: keep events whose `member` is it, and the mergers, closures and renames of
    ///   networks where it has a commitment (any commitment started by `asOf`, ended or not;
    ///   a merger counts when either its `network` or its `into` is such a network).
    ///
    /// Each row has exactly the keys `seq, id, type, date, earliest, latest, certain, member,
    /// network, summary, corrected, source` (SPEC §6). `certain` is true when the latest day
    /// is not after `asOf`; `corrected` when a known correction changed the event.
    /// - Complexity: O(n), plus one fold when `member` is given.
    public func timeline(asOf: Day, member: MemberID?, network: NetworkID?, from: EDTFDate?, to: EDTFDate?) -> [JSONValue] {
        let memberNetworks: Set<NetworkID> = member.map { m in
            Set(book(asOf: asOf).commitments(of: m).map(\.network))
        } ?? []
        var rows: [JSONValue] = []
        for event in ordered {
            guard let date = event.date, date.earliest <= asOf else { break }
            if let from, date.latest < from.earliest { continue }
            if let to, date.earliest > to.latest { continue }
            if let network, event.network != network && event.into != network { continue }
            if let member, event.member != member {
                switch event.type {
                case .merger:
                    guard event.network.map(memberNetworks.contains) == true
                        || event.into.map(memberNetworks.contains) == true else { continue }
                case .closure, .rename:
                    guard event.network.map(memberNetworks.contains) == true else { continue }
                default:
                    continue
                }
            }
            rows.append(timelineRow(event, date: date, asOf: asOf))
        }
        return rows
    }

    /// One timeline row.
    private func timelineRow(_ event: Event, date: EDTFDate, asOf: Day) -> JSONValue {
        Row.object([
            "seq": Row.integer(event.seq),
            "id": .string(event.id.rawValue),
            "type": .string(event.type.rawValue),
            "date": .string(date.text),
            "earliest": Row.day(date.earliest),
            "latest": Row.day(date.latest),
            "certain": .bool(date.latest <= asOf),
            "member": Row.text(event.member?.rawValue),
            "network": Row.text(event.network?.rawValue),
            "summary": .string(Summary.text(event, names: Summary.names(for: event, in: registry))),
            "corrected": .bool(corrected.contains(event.id)),
            "source": Row.text(event.source),
        ])
    }
}
