import Ledger

/// A commitment's milestones by name, in the order first met: for each name its first
/// milestone (`First`: where or when it was) and the latest day among that name's.
///
/// The first `inline` names are held in the value itself, any more in an array of their own:
/// a commitment's policies name three or four, so the value is made and read with no
/// allocation and no reference counted — the fold keeps one per commitment, and status from a
/// snapshot makes one per row on every core at once.
struct MilestoneList<let inline: Int, First: Sendable>: Sendable, RandomAccessCollection {
    /// A name's first milestone and latest day.
    struct Milestone: Sendable {
        var name: Int32
        var first: First
        var latestDay: Int32
    }

    private var held: InlineArray<inline, Milestone>
    private var more: [Milestone] = []
    private(set) var count = 0

    /// No milestone; `placeholder` fills the unused inline places (never read).
    init(placeholder: First) {
        held = InlineArray(repeating: Milestone(name: Interner.none, first: placeholder, latestDay: 0))
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(k: Int) -> Milestone {
        // Read through a span: indexing the inline array itself copied all of it first.
        k < inline ? held.span[k] : more[k - inline]
    }

    /// The milestone of `name`, if any.
    func named(_ name: Int32) -> Milestone? {
        withUnsafePointer(to: self) { MilestoneList.named(name, in: $0) }
    }

    /// The milestone of `name` in the list at `list`, if any, read where it lies: a method
    /// of the list copied all of it first (the places it holds inline, over a hundred bytes),
    /// and rows look up several names each.
    static func named(_ name: Int32, in list: UnsafePointer<MilestoneList>) -> Milestone? {
        let count = list.pointee.count
        // The inline places are laid out one after the other, as in a homogeneous tuple.
        let held = UnsafeRawPointer(list.pointer(to: \.held)!).assumingMemoryBound(to: Milestone.self)
        for k in 0..<Swift.min(count, inline) where held[k].name == name { return held[k] }
        guard count > inline else { return nil }
        for milestone in list.pointee.more where milestone.name == name { return milestone }
        return nil
    }

    /// Adds a milestone of `name` (`first` where or when it was, `latestDay` its latest day):
    /// the first of its name, or a later one that may move that name's latest day.
    mutating func add(name: Int32, first: First, latestDay: Int32) {
        var found = -1
        do {
            let span = held.span
            for k in 0..<Swift.min(count, inline) where span[k].name == name {
                found = k
                break
            }
        }
        if found >= 0 {
            held[found].latestDay = Swift.max(held[found].latestDay, latestDay)
            return
        }
        for k in more.indices where more[k].name == name {
            more[k].latestDay = Swift.max(more[k].latestDay, latestDay)
            return
        }
        let milestone = Milestone(name: name, first: first, latestDay: latestDay)
        if count < inline { held[count] = milestone } else { more.append(milestone) }
        count += 1
    }
}
