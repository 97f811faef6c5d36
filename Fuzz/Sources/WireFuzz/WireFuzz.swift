/// libFuzzer's entry point: one input is one hostile peer's connection to a Till server.
///
/// The input drives the real server pipeline (``ServerConnectionScenario``) and, as frame bodies,
/// the envelope readers directly (``EnvelopeChecks``). A trap (precondition, overflow, force-unwrap),
/// an AddressSanitizer report or a failed invariant (``FuzzInvariant``) is a crash libFuzzer keeps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let input = FuzzInput(bytes)
    EnvelopeChecks.run(input.stream)
    if input.flags.contains(.autoFrame) {
        // Each frame body on its own too, so the direct readers see hellos and requests.
        for body in input.frameBodies() { EnvelopeChecks.run(body) }
    }
    ServerConnectionScenario(input).run()
    return 0
}
