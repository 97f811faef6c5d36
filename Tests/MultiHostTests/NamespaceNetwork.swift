import Foundation
import TillTestSupport

/// Linux network namespaces standing in for hosts: one per node, each with an `eth0` on one
/// 10.77.0.0/24 segment, joined by a bridge in a hub namespace that has 10.77.0.254 itself.
///
/// Everything is created inside namespaces the test owns (named `till<pid>-<node>`), so no address
/// or link appears in the host's own namespace, and ``destroy()`` removes all of it: deleting a
/// namespace deletes its ends of the veth pairs, and with them the peers.
final class NamespaceNetwork: Sendable {
    /// One simulated host.
    struct Node: Sendable {
        let name: String
        let namespace: String
        let address: String
    }

    static let hubAddress = "10.77.0.254"
    let prefix: String
    let hub: String
    let nodes: [String: Node]

    private init(prefix: String, nodes: [String: Node]) {
        self.prefix = prefix
        self.hub = "\(prefix)-hub"
        self.nodes = nodes
    }

    /// Why the test cannot run here, or `nil`: root, `ip`, and a namespace that can be created.
    static func unavailableReason() async -> String? {
        guard getuid() == 0 else { return "multi-host test skipped: needs root to create network namespaces" }
        let probe = "till\(getpid())-probe"
        do {
            let added = try await Command.run("ip", ["netns", "add", probe])
            _ = try? await Command.run("ip", ["netns", "del", probe])
            return added.succeeded ? nil : "multi-host test skipped: `ip netns add` failed: \(added.output)"
        } catch {
            return "multi-host test skipped: \(error)"
        }
    }

    /// Creates the hub and one namespace per name, `nodes[i]` at 10.77.0.(i+1).
    static func create(_ names: [String]) async throws -> NamespaceNetwork {
        await removeLeftovers()
        let prefix = "till\(getpid())"
        var nodes: [String: Node] = [:]
        for (index, name) in names.enumerated() {
            nodes[name] = Node(name: name, namespace: "\(prefix)-\(name)", address: "10.77.0.\(index + 1)")
        }
        let network = NamespaceNetwork(prefix: prefix, nodes: nodes)
        do {
            try await network.build(names)
        } catch {
            await network.destroy()
            throw error
        }
        return network
    }

    private func build(_ names: [String]) async throws {
        try await Command.require("ip", ["netns", "add", hub])
        try await Command.require("ip", ["-n", hub, "link", "set", "lo", "up"])
        try await Command.require("ip", ["-n", hub, "link", "add", "br0", "type", "bridge"])
        try await Command.require("ip", ["-n", hub, "addr", "add", "\(Self.hubAddress)/24", "dev", "br0"])
        try await Command.require("ip", ["-n", hub, "link", "set", "br0", "up"])
        for (index, name) in names.enumerated() {
            guard let node = nodes[name] else { continue }
            let hubSide = "v\(index)"
            try await Command.require("ip", ["netns", "add", node.namespace])
            try await Command.require("ip", ["-n", node.namespace, "link", "set", "lo", "up"])
            // Made inside the hub and the node, never in the host's namespace.
            try await Command.require("ip", ["-n", hub, "link", "add", hubSide, "type", "veth", "peer", "name", "eth0", "netns", node.namespace])
            try await Command.require("ip", ["-n", hub, "link", "set", hubSide, "master", "br0", "up"])
            try await Command.require("ip", ["-n", node.namespace, "addr", "add", "\(node.address)/24", "dev", "eth0"])
            try await Command.require("ip", ["-n", node.namespace, "link", "set", "eth0", "up"])
        }
    }

    /// The namespace of `node`.
    func namespace(_ node: String) -> String { nodes[node]?.namespace ?? hub }

    /// The address of `node`.
    func address(_ node: String) -> String { nodes[node]?.address ?? Self.hubAddress }

    /// Whether `tc qdisc … netem` works here (kernels without `sch_netem` answer "unknown qdisc").
    func netemAvailable() async -> Bool {
        guard let node = nodes.values.first else { return false }
        let added = try? await Command.run("tc", ["-n", node.namespace, "qdisc", "add", "dev", "eth0", "root", "netem", "delay", "2ms"])
        _ = try? await Command.run("tc", ["-n", node.namespace, "qdisc", "del", "dev", "eth0", "root"])
        return added?.succeeded == true
    }

    /// Deletes every namespace of this network (and so every link in them).
    func destroy() async {
        for namespace in [hub] + nodes.values.map(\.namespace) {
            _ = try? await Command.run("ip", ["netns", "del", namespace])
        }
    }

    /// Deletes `till<pid>-*` namespaces of test processes that died without cleaning up.
    private static func removeLeftovers() async {
        guard let listed = try? await Command.run("ip", ["netns", "list"]) else { return }
        for line in listed.output.split(separator: "\n") {
            let name = String(line.split(separator: " ").first ?? "")
            guard name.hasPrefix("till"), let dash = name.firstIndex(of: "-"),
                  let pid = Int32(name[name.index(name.startIndex, offsetBy: 4)..<dash]),
                  pid != getpid(), kill(pid, 0) != 0
            else { continue }
            _ = try? await Command.run("ip", ["netns", "del", name])
        }
    }
}
