import Testing
import Ledger
@testable import Projections

/// The policies' table by network handle gives what a dictionary gives, whatever handles it
/// holds: close together, far apart, colliding in their first slot, and absent ones.
@Suite("Ranges by handle")
struct HandleSpansTests {
    @Test("every handle held gives its range, every other an empty one", arguments: [0, 1, 2, 3, 7, 300, 1000])
    func sameAsDictionary(count: Int) {
        var generator = SystemRandomNumberGenerator()
        // Half the handles close together (as the interner numbers them), half anywhere.
        var handles = Set<Int32>()
        while handles.count < count {
            handles.insert(handles.count % 2 == 0 ? Int32(handles.count) : Int32.random(in: 0...Int32.max, using: &generator))
        }
        var expected: [Int32: Range<Int>] = [:], given: [(handle: Int32, span: Range<Int>)] = []
        var at = 0
        for handle in handles {
            let length = Int.random(in: 0...5, using: &generator)
            expected[handle] = at..<at + length
            given.append((handle, at..<at + length))
            at += length
        }
        let spans = HandleSpans(given)
        for (handle, span) in expected { #expect(spans.span(handle) == span, "handle \(handle)") }
        for _ in 0..<2000 {
            let handle = Int32.random(in: -3...Int32.max, using: &generator)
            #expect(spans.span(handle) == (expected[handle] ?? 0..<0))
        }
        for handle in Int32(-3)...Int32(2 * count + 10) { #expect(spans.span(handle) == (expected[handle] ?? 0..<0)) }
        #expect(spans.all.count == count)
    }
}
