/// How a pipelined batch is cut into one pipeline per node. Pure, so the grouping rules are
/// unit-tested without a cluster.
struct ClusterPipelinePlan: Sendable, Equatable {
    /// Per node, the indices of the commands it runs, ascending; nodes in order of first use.
    var groups: [(endpoint: RedisNodeAddress, indices: [Int])]
    /// Commands whose keys span slots: answered `CROSSSLOT` without being sent.
    var crossSlot: [Int]
    /// Commands whose slot has no master in the map: sent later, one by one, with retries.
    var unrouted: [Int]

    /// Plans `slots` (one per command) against `map`. A keyless command goes with the nearest
    /// keyed command after it, else before it, else to `keylessNode`.
    init(_ slots: [RedisKeySlot], map: ClusterSlotMap, keylessNode: RedisNodeAddress?) {
        var targets = [RedisNodeAddress?](repeating: nil, count: slots.count)
        var keyless: [Int] = []
        crossSlot = []
        unrouted = []
        for (index, slot) in slots.enumerated() {
            switch slot {
            case .slot(let slot):
                targets[index] = map.master(for: slot)
                if targets[index] == nil { unrouted.append(index) }
            case .none: keyless.append(index)
            case .crossSlot: crossSlot.append(index)
            }
        }
        let routed = { (index: Int) -> Bool in slots[index] != .none && targets[index] != nil }
        for index in keyless {
            let after = slots.indices[(index + 1)...].first(where: routed)
            let before = slots.indices[..<index].last(where: routed)
            targets[index] = after.flatMap { targets[$0] } ?? before.flatMap { targets[$0] } ?? keylessNode
            if targets[index] == nil { unrouted.append(index) }
        }
        unrouted.sort()
        var groups: [(endpoint: RedisNodeAddress, indices: [Int])] = []
        for (index, target) in targets.enumerated() {
            guard let target else { continue }
            if let group = groups.firstIndex(where: { $0.endpoint == target }) {
                groups[group].indices.append(index)
            } else {
                groups.append((target, [index]))
            }
        }
        self.groups = groups
    }

    static func == (lhs: ClusterPipelinePlan, rhs: ClusterPipelinePlan) -> Bool {
        lhs.crossSlot == rhs.crossSlot && lhs.unrouted == rhs.unrouted
            && lhs.groups.map(\.endpoint) == rhs.groups.map(\.endpoint) && lhs.groups.map(\.indices) == rhs.groups.map(\.indices)
    }
}
