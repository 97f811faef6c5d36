import Foundation
import Synchronization

/// The processes this `till up` has started, in start order, mirrored to `stack.json` after
/// every change so another `till` can always find them.
final class RunningStack: Sendable {
    private struct State {
        var children: [ChildProcess] = []
        var record: StackRecord
    }

    /// Where the stack's files are.
    let layout: StackLayout
    private let state: Mutex<State>

    /// An empty stack; `record` describes it (its process list is filled in as processes start).
    init(layout: StackLayout, record: StackRecord) {
        self.layout = layout
        self.state = Mutex(State(record: record))
    }

    /// The started processes in start order.
    var children: [ChildProcess] { self.state.withLock { $0.children } }

    /// The record as last written.
    var record: StackRecord { self.state.withLock { $0.record } }

    /// Adds a started process and rewrites `stack.json`.
    func add(_ child: ChildProcess) throws(TillError) {
        let record = self.state.withLock { state in
            state.children.append(child)
            state.record.processes.append(child.record)
            return state.record
        }
        try record.write(to: self.layout.recordFile)
    }

    /// Marks the stack ready and rewrites `stack.json`.
    func markReady(at date: Date = Date()) throws(TillError) {
        let record = self.state.withLock { state in
            state.record.phase = .ready
            state.record.readyAt = date
            return state.record
        }
        try record.write(to: self.layout.recordFile)
    }

    /// Stops every process, last started first, and forgets them; `report` hears each outcome.
    ///
    /// Runs to the end even in a cancelled task: it is how a cancelled `till up` cleans up.
    func stopAll(
        with stopper: ProcessStopper,
        report: (ChildProcess, ProcessStopper.Outcome) -> Void = { _, _ in }
    ) async {
        let children = self.state.withLock { state in
            defer {
                state.children.removeAll()
                state.record.processes.removeAll()
                state.record.phase = .starting
                state.record.readyAt = nil
            }
            return state.children
        }
        for child in children.reversed() {
            let outcome = await stopper.stop(child.identity, leadsProcessGroup: child.leadsProcessGroup)
            _ = child.status  // collects its exit status: no zombie left behind
            report(child, outcome)
        }
    }
}
