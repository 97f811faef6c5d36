/// A stack whose every process answered its readiness check: what ``StackSupervisor/afterReady(stack:)``
/// gets to work with.
struct ReadyStack: Sendable {
    /// The processes as planned (names, roles, ports) and the `stack.env` variables (addresses,
    /// the cluster key).
    var plan: StackPlan
    /// The running processes, in start order.
    var children: [ChildProcess]
    /// Where the stack's files are.
    var layout: StackLayout
}
