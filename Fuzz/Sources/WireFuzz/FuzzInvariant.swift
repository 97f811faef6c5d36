/// A property the wire module promises for every input; a violation stops the fuzzer like a crash.
///
/// `preconditionFailure` traps in every build mode, so libFuzzer records the input as a crash and
/// prints the message.
enum FuzzInvariant {
    static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { preconditionFailure("fuzz invariant violated: \(message())") }
    }
}
