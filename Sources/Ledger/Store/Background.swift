import Dispatch

/// A value computed on another thread while the caller does something else, then waited
/// for: two independent steps on two cores, with no state shared while they run.
package final class Background<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let group = DispatchGroup()

    /// Starts `work` on another thread.
    package init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: group) { self.value = work() }
    }

    /// Whether the value is made (then `wait` and `take` return at once).
    package var isDone: Bool {
        group.wait(timeout: .now()) == .success
    }

    /// Waits for the value (the write happens before the group's wait returns).
    package func wait() -> Value {
        group.wait()
        return value!
    }

    /// Waits for the value and lets go of it here: the caller's copy is then the last one.
    package func take() -> Value {
        group.wait()
        defer { value = nil }
        return value!
    }
}

/// A value made at most once, when first asked for, or ahead on another thread when the
/// caller expects to need it: a replay's table of members, which `status` never reads.
package final class Deferred<Value: Sendable>: @unchecked Sendable {
    private let queue = DispatchQueue(label: "Deferred")
    private var work: (@Sendable () -> Value)?
    private var made: Value?

    /// - Parameter ahead: start making the value on another thread now.
    package init(ahead: Bool, _ work: @escaping @Sendable () -> Value) {
        self.work = work
        if ahead { DispatchQueue.global().async { _ = self.value } }
    }

    /// The value: made now on this thread if no one has started it, else waited for.
    package var value: Value {
        queue.sync {
            if let made { return made }
            let value = work!()
            made = value
            work = nil
            return value
        }
    }
}

/// Letting go of a large value on another thread: freeing a structure of a million strings
/// takes a tenth of a second or more, which the thread that is done with it need not wait
/// for (the checking thread of `verify`, a command about to exit).
package enum Release {
    /// Drops `value` on another thread. Pass the last copy (`consume`): if the caller kept
    /// one, whichever copy went last would free it.
    package static func elsewhere<Value: Sendable>(_ value: consuming Value) {
        let box = Box(value)
        DispatchQueue.global().async { box.value = nil }
    }

    private final class Box<Held: Sendable>: @unchecked Sendable {
        var value: Held?
        init(_ value: consuming Held) { self.value = value }
    }
}
