import Dispatch
import Testing
@testable import Ledger

@Suite("a value made once, ahead or when asked")
struct DeferredTests {
    /// Counts how many times the work ran, from any thread.
    private final class Runs: @unchecked Sendable {
        private let queue = DispatchQueue(label: "runs")
        private var count = 0
        func add() { queue.sync { count += 1 } }
        var total: Int { queue.sync { count } }
    }

    @Test("asked from many threads at once, ahead or not: the work runs once and every caller gets its value",
          arguments: [false, true])
    func once(ahead: Bool) {
        let runs = Runs()
        let deferred = Deferred(ahead: ahead) { () -> [Int] in
            runs.add()
            return Array(0..<1000)
        }
        let sums = UnsafeMutableBufferPointer<Int>.allocate(capacity: 16)
        defer { sums.deallocate() }
        nonisolated(unsafe) let out = sums
        DispatchQueue.concurrentPerform(iterations: 16) { k in out[k] = deferred.value.reduce(0, +) }
        #expect(Array(sums) == Array(repeating: 499_500, count: 16))
        #expect(runs.total == 1)
    }

    @Test("not ahead and never asked: the work never runs")
    func never() {
        let runs = Runs()
        _ = Deferred(ahead: false) { runs.add() }
        #expect(runs.total == 0)
    }
}
