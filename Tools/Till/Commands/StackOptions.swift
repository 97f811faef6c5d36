import ArgumentParser

/// The options every stack command shares: which stack.
struct StackOptions: ParsableArguments {
    @Option(
        name: .customLong("dir"),
        help: ArgumentHelp("The stack's directory: stack.env, stack.json, logs, Redis data.", valueName: "path")
    )
    var directory: String = ".till"

    /// The stack's files.
    var layout: StackLayout { StackLayout(directory: self.directory) }
}
