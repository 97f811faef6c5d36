import Testing
import TillGatewaySim

@Suite("Simulator settings")
struct ConfigurationParsingTests {
    @Test("latency is a fixed time or a range of milliseconds")
    func latency() {
        #expect(LatencyRange(parsing: "0")?.isZero == true)
        #expect(LatencyRange(parsing: "20")?.description == "20")
        let range = LatencyRange(parsing: "5..50")
        #expect(range?.minimumMilliseconds == 5 && range?.maximumMilliseconds == 50)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let sample = range?.sample(using: &generator) ?? .zero
            #expect(sample >= .milliseconds(5) && sample <= .milliseconds(50))
        }
        for bad in ["", "-1", "50..5", "1..2..3", "x", "60001"] {
            #expect(LatencyRange(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("drift shares parse, must add up to at most 1, and pick stable rows at about their share")
    func drift() throws {
        #expect(DriftConfiguration(parsing: "none")?.isNone == true)
        let drift = try #require(DriftConfiguration(parsing: "omit=0.1, amount=0.2,status=0.3,seed=9"))
        #expect(drift.omit == 0.1 && drift.amount == 0.2 && drift.status == 0.3 && drift.seed == 9)
        for bad in ["omit=0.6,amount=0.6", "omit", "colour=0.1", "omit=2", "seed=x"] {
            #expect(DriftConfiguration(parsing: bad) == nil, "\(bad)")
        }
        var counts: [DriftConfiguration.Kind?: Int] = [:]
        for index in 0..<10_000 {
            let id = "pay_\(index)"
            #expect(drift.kind(for: id) == drift.kind(for: id))
            counts[drift.kind(for: id), default: 0] += 1
        }
        // Loose bounds: a hash, not a coin, but it must spread.
        #expect((700...1_300).contains(counts[.omit] ?? 0))
        #expect((1_600...2_400).contains(counts[.amount] ?? 0))
        #expect((2_500...3_500).contains(counts[.status] ?? 0))
        let other = try #require(DriftConfiguration(omit: 0.1, amount: 0.2, status: 0.3, seed: 10))
        #expect((0..<200).contains { drift.kind(for: "pay_\($0)") != other.kind(for: "pay_\($0)") }, "another seed picks other rows")
    }
}
