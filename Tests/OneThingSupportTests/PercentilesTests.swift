import Testing
import OneThingSupport

@Suite struct PercentilesTests {
    @Test func anEmptySampleHasNoPercentiles() {
        let sample = Percentiles<Double>([])
        #expect(sample.isEmpty)
        #expect(sample.percentile(50) == nil)
        #expect(sample.minimum == nil && sample.maximum == nil)
    }

    @Test func oneValueIsEveryPercentile() {
        let sample = Percentiles([4.0])
        #expect([0, 1, 50, 90, 99, 100].map { sample.percentile($0) } == [4, 4, 4, 4, 4, 4])
    }

    /// The smallest value with at least p % of the sample at or below it.
    @Test func nearestRankOfTen() {
        let sample = Percentiles((1...10).map(Double.init).reversed())
        #expect(sample.count == 10)
        #expect(sample.sorted == (1...10).map(Double.init))
        #expect(sample.percentile(50) == 5)
        #expect(sample.percentile(90) == 9)
        #expect(sample.percentile(91) == 10, "91 % of 10 is 9.1 values: rank 10")
        #expect(sample.percentile(10) == 1)
        #expect(sample.percentile(10.5) == 2)
        #expect(sample.percentile(100) == 10)
    }

    @Test func ranksAreClampedToTheSample() {
        let sample = Percentiles([30, 10, 20])
        #expect(sample.percentile(0) == 10)
        #expect(sample.percentile(-5) == 10)
        #expect(sample.percentile(250) == 30)
        #expect(sample.percentile(.nan) == 10)
        #expect(sample.percentile(50) == 20)
        #expect(sample.percentile(90) == 30)
    }

    /// Always one of the measured values, never an interpolation between two.
    @Test func theAnswerIsAMeasuredValue() {
        let values: [Double] = [1, 100]
        let sample = Percentiles(values)
        for p in stride(from: 0.0, through: 100, by: 2.5) {
            #expect(values.contains(sample.percentile(p) ?? -1))
        }
    }

    @Test func worksForAnyComparableValue() {
        let sample = Percentiles([Duration.milliseconds(30), .milliseconds(10), .milliseconds(20)])
        #expect(sample.percentile(50) == .milliseconds(20))
        #expect(Percentiles(sorted: ["a", "b", "c", "d"]).percentile(75) == "c")
    }
}
