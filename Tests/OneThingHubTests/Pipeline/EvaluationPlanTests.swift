import Testing
@testable import OneThingHub

/// The plan that lets the store thread write one chunk of applications while the engine
/// evaluates the next: every input of an application must land in one chunk, in order.
@Suite struct EvaluationPlanTests {
    @Test func groupsInputsByApplicationInOrderOfFirstAppearance() {
        let plan = EvaluationPlan(inputIDs: ["B", "A", "B", "C", "A", "B"], minimumInputs: 100)
        #expect(plan.applications == ["B", "A", "C"])
        #expect(plan.inputsByApplication == [[0, 2, 5], [1, 4], [3]])
        #expect(plan.chunks == [0..<3])
        #expect(plan.chunkOfInput == [0, 0, 0, 0, 0, 0])
    }

    @Test func cutsLargeBatchesIntoChunksThatKeepEachApplicationWhole() {
        // 200 applications with 1-3 inputs each, interleaved across the batch.
        var ids: [String] = []
        for round in 0..<3 {
            for application in 0..<200 where application % 3 >= round {
                ids.append("APP-\(application)")
            }
        }
        let plan = EvaluationPlan(inputIDs: ids, minimumInputs: 48, maximumChunks: 6)
        #expect(plan.chunks.count == 6)
        // The chunks cover every application once, in order, none empty.
        #expect(plan.chunks.first?.lowerBound == 0)
        #expect(plan.chunks.last?.upperBound == plan.applications.count)
        for (left, right) in zip(plan.chunks, plan.chunks.dropFirst()) { #expect(left.upperBound == right.lowerBound) }
        #expect(plan.chunks.allSatisfy { !$0.isEmpty })
        // Every input of an application is in its application's chunk.
        for (chunk, range) in plan.chunks.enumerated() {
            for position in range {
                for index in plan.inputsByApplication[position] {
                    #expect(plan.chunkOfInput[index] == chunk)
                    #expect(ids[index] == plan.applications[position])
                }
            }
        }
        #expect(plan.inputsByApplication.map(\.count).reduce(0, +) == ids.count)
    }

    @Test func smallBatchesStayOneChunk() {
        let plan = EvaluationPlan(inputIDs: (0..<40).map { "APP-\($0)" }, minimumInputs: 48)
        #expect(plan.chunks == [0..<40])
    }

    @Test func anEmptyBatchHasNoChunk() {
        let plan = EvaluationPlan(inputIDs: [])
        #expect(plan.applications.isEmpty)
        #expect(plan.chunks.isEmpty)
    }

    @Test func oneApplicationWithManyInputsIsOneChunk() {
        let plan = EvaluationPlan(inputIDs: Array(repeating: "ONLY", count: 300), minimumInputs: 48)
        #expect(plan.chunks == [0..<1])
        #expect(plan.chunkOfInput.allSatisfy { $0 == 0 })
    }
}
