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

    /// Waits for the value (the write happens before the group's wait returns).
    package func wait() -> Value {
        group.wait()
        return value!
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
