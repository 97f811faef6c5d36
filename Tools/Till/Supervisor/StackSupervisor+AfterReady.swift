extension StackSupervisor {
    /// Runs once every process is ready and `stack.env` / `stack.json` are written, before
    /// `till up` announces the stack (and, with `--detach`, returns).
    ///
    /// This is where the wire-protocol check plugs in: ping each service in
    /// `stack.plan.environment` (`TILL_*_ADDR`, signing with `TILL_CLUSTER_KEY`) with the RPC
    /// client and print one summary line per service through `self.console` — never a secret.
    /// Throwing stops the stack and reports the error like any start-up failure.
    func afterReady(stack: ReadyStack) async throws {}
}
