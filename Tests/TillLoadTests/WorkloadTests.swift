import Testing
@testable import TillLoad

@Suite("Workload")
struct WorkloadTests {
    @Test("named and explicit mixes parse; bad ones are refused")
    func mixes() throws {
        #expect(try WorkloadMix.parse("realistic") == .realistic)
        #expect(WorkloadMix.realistic.totalWeight == 100)
        #expect(WorkloadMix.realistic.description == "visa=90,declined=3,flaky=3,3ds=1,bad_address=1,fraud=2")
        let mix = try WorkloadMix.parse("visa=1,declined=1")
        #expect(mix.scenario(forRoll: 0) == .visa)
        #expect(mix.scenario(forRoll: 1) == .declined)
        #expect(throws: WorkloadMix.ParseError.self) { try WorkloadMix.parse("amex=5") }
        #expect(throws: WorkloadMix.ParseError.self) { try WorkloadMix.parse("visa=0") }
        #expect(throws: WorkloadMix.ParseError.self) { try WorkloadMix.parse("visa=1,visa=2") }
        #expect(throws: WorkloadMix.ParseError.self) { try WorkloadMix.parse("visa=-1") }
    }

    @Test("orders are reproducible from the seed, follow the mix, and use the documented fixtures")
    func orders() {
        let factory = OrderFactory(
            runID: "r1", catalogue: Catalogue(count: 50, stock: 1_000), skus: .uniform(50),
            mix: .realistic, maxLines: 3, seed: 42
        )
        #expect(factory.order(7) == factory.order(7))
        #expect(factory.order(7).orderID == "ld-r1-7")
        var scenarios: [Scenario: Int] = [:]
        for number in 0..<10_000 {
            let order = factory.order(number)
            scenarios[order.scenario, default: 0] += 1
            #expect((1...3).contains(order.lines.count))
            #expect(Set(order.lines.map(\.skuIndex)).count == order.lines.count)
            #expect(order.customerID == "ld-r1-c\(number)")
        }
        #expect((8_700...9_300).contains(scenarios[.visa] ?? 0))
        #expect((100...320).contains(scenarios[.fraud] ?? 0))
        #expect(Scenario.fraud.emailOverride == "blocked@example.com")
        #expect(Scenario.badAddress.postalCode == "00000")
        #expect(Scenario.flaky.cardToken == "tok_flaky_2")
        #expect(Scenario.threeDS.cardToken == "tok_3ds")
    }

    @Test("duplicates resend an earlier new order exactly; customers wrap when bounded")
    func duplicatesAndCustomers() {
        let factory = OrderFactory(
            runID: "r2", catalogue: Catalogue(count: 10, stock: 100), skus: .uniform(10),
            mix: .visaOnly, customers: 3, duplicateFraction: 0.2, seed: 9
        )
        var duplicates = 0
        for index in 0..<2_000 {
            let (order, isDuplicate) = factory.request(index)
            if isDuplicate {
                duplicates += 1
                #expect(order.number < index)
                #expect(!factory.isDuplicate(order.number))
                #expect(order == factory.order(order.number))
            } else {
                #expect(order.number == index)
            }
            #expect(["ld-r2-c0", "ld-r2-c1", "ld-r2-c2"].contains(order.customerID))
        }
        #expect((300...500).contains(duplicates))
        #expect(!factory.isDuplicate(0))
    }

    @Test("Zipf makes the first skus hot; uniform does not")
    func skuDistributions() {
        var generator = SplitMix64(seed: 1)
        var zipf = [Int](repeating: 0, count: 100)
        var uniform = [Int](repeating: 0, count: 100)
        let zipfDistribution = SkuDistribution.zipf(100)
        let uniformDistribution = SkuDistribution.uniform(100)
        for _ in 0..<100_000 {
            zipf[zipfDistribution.draw(using: &generator)] += 1
            uniform[uniformDistribution.draw(using: &generator)] += 1
        }
        // Zipf(1) over 100: sku 1 has 1/H(100) ≈ 19 % of draws, sku 100 ≈ 0.19 %.
        #expect((17_000...21_500).contains(zipf[0]))
        #expect(zipf[0] > zipf[1] && zipf[1] > zipf[9] && zipf[9] > zipf[99])
        #expect(uniform.allSatisfy { (700...1_300).contains($0) })
        let catalogue = Catalogue(count: 1_000, stock: 5)
        #expect(catalogue.sku(0) == "load-sku-00001")
        #expect((0..<1_000).allSatisfy { (199...9_999).contains(catalogue.price($0)) })
    }
}
