/// How often the foreground status line is written.
///
/// A terminal redraws it every tick (one second); a pipe or log file would fill up that way, so
/// it gets a line every ``pipeInterval`` ticks, and the first tick always shows.
struct StatusPacing: Sendable, Hashable {
    /// Ticks between lines when the output is not a terminal (one tick is a second).
    static let pipeInterval = 10

    /// Whether output is a terminal.
    var isTerminal: Bool

    /// Whether the status line is written on tick `tick` (counting from zero).
    func shows(tick: Int) -> Bool {
        self.isTerminal || tick % Self.pipeInterval == 0
    }
}
