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
