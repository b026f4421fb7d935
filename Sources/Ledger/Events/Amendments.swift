/// Applies corrections and retractions: the record as it stands after them.
public enum Amendments {
    /// The events that still count, each with every correction of it applied (in log order),
    /// in log order. Amendment events themselves are left out.
    /// - Complexity: O(n) over the events given.
    public static func effective(_ events: [Event]) -> [Event] {
        guard events.contains(where: { $0.type.isAmendment }) else { return events }
        var position: [EventID: Int] = [:]
        var result: [Event?] = []
        result.reserveCapacity(events.count)
        for event in events {
            switch event.type {
            case .correction:
                guard let target = event.target, let index = position[target], var corrected = result[index],
                      case .object(let changes)? = event.value("set") else { continue }
                // A correction that does not fit its target was rejected when appended;
                // in a log that does not verify, it is left unapplied.
                for change in changes { try? corrected.set(change.key, to: change.value) }
                result[index] = corrected
            case .retraction:
                guard let target = event.target, let index = position[target] else { continue }
                result[index] = nil
            default:
                position[event.id] = result.count
                result.append(event)
            }
        }
        return result.compactMap { $0 }
    }

    /// `target` with `correction`'s changes applied.
    /// - Throws: `EventError` when the result would not be a valid event of its type.
    public static func applying(_ correction: Event, to target: Event) throws(EventError) -> Event {
        var corrected = target
        if case .object(let changes)? = correction.value("set") {
            for change in changes { try corrected.set(change.key, to: change.value) }
        }
        return corrected
    }
}
