import Testing
@testable import OneThingExchange

@Suite("Channels: least privilege as data")
struct ChannelPolicyTests {
    static func flow() throws -> Flow { try #require(Fixtures.retirement) }

    @Test func changedPathsNameTheLeavesThatDiffer() throws {
        let before = try JSONValue(parsing: Array(#"{"a": {"b": 1, "c": [1, 2]}, "d": "x", "e": null}"#.utf8))
        let after = try JSONValue(parsing: Array(#"{"a": {"b": 1, "c": [1, 3]}, "f": {"g": true, "h": {"i": 2}}}"#.utf8))
        #expect(before.changedPaths(to: after) == ["a.c", "d", "f.g", "f.h.i"])
        #expect(before.changedPaths(to: before).isEmpty)
        // A block replaced by a scalar is a change of the block itself.
        #expect(before.changedPaths(to: try JSONValue(parsing: Array(#"{"a": 5, "d": "x"}"#.utf8))) == ["a"])
    }

    @Test func theCataloguesChannelsAreReadAsWritten() throws {
        let policy = try Self.flow().channels
        #expect(policy.protectedAfterAcceptance == ["pension.bankAccount", "housingFund.bankAccount"])
        #expect(policy.channel("/channels/window").actsForApplicant)
        #expect(policy.channel("/channels/window").changesProtectedFields)
        #expect(policy.channel("/channels/bank/icbc").source == "/channels/bank", "a source covers the sources below it")
        #expect(policy.channel("/channels/banking").source == "", "but not a longer name")
        #expect(!policy.channel("/channels/online").actsForApplicant)
        #expect(policy.mayActOn(applicationSubmittedBy: "/channels/online", source: "/channels/online"))
        #expect(!policy.mayActOn(applicationSubmittedBy: "/channels/online", source: "/channels/mobile"))
        #expect(policy.mayActOn(applicationSubmittedBy: "/channels/online", source: "/channels/window"))
        #expect(!policy.mayActOn(applicationSubmittedBy: "", source: "/channels/online"), "an unknown submitter is nobody's own")
        #expect(policy.isProtected("pension.bankAccount") && policy.isProtected("pension"))
        #expect(!policy.isProtected("pension.bankName") && !policy.isProtected("pension.bankAccountHolder"))
    }

    @Test func aSupplementIsJudgedFieldByField() throws {
        let policy = try Self.flow().channels
        let stored = try JSONValue(parsing: Array(#"{"applicant": {"phone": "13900000000"}, "pension": {"bankAccount": "1234567890"}}"#.utf8))
        func check(_ source: String, _ patch: String, reason: String? = nil) throws -> SupplementPermission {
            let changes = try JSONValue(parsing: Array(patch.utf8))
            return SupplementPermission(policy: policy, source: source, before: stored, after: stored.mergePatched(with: changes),
                                        reason: reason)
        }
        #expect(try check("/channels/bank", #"{"applicant": {"phone": "13911111111"}}"#).isAllowed)
        #expect(try check("/channels/bank", #"{"employer": {"name": "X"}}"#).issues.map(\.field) == ["employer.name"])
        #expect(try check("/channels/online", #"{"pension": {"bankAccount": "999"}}"#, reason: "x").issues.map(\.code) == ["forbidden"])
        #expect(try check("/channels/window", #"{"pension": {"bankAccount": "999"}}"#, reason: " ").issues.count == 1)
        let allowed = try check("/channels/window/nanning", #"{"pension": {"bankAccount": "999"}}"#, reason: "新卡")
        #expect(allowed.isAllowed)
        #expect(allowed.protectedChanges == ["pension.bankAccount"])
    }

    @Test func aFlowWithoutChannelsFileStillKeepsApplicationsToTheirSubmitter() throws {
        var files = CatalogueTests.retirementFiles()
        files["retirement/channels.json"] = nil
        let policy = try #require(try Catalogue.load(files: files).flow(named: "retirement")).channels
        #expect(policy == .ownApplicationsOnly)
        #expect(!policy.mayActOn(applicationSubmittedBy: "/channels/online", source: "/channels/window"))
        #expect(policy.channel("/channels/online").maySupplement("pension.bankAccount"))
    }

    @Test func outputsArePublicOnlyWhenMarkedSo() throws {
        #expect(try Self.flow().matter("M10")?.publicOutputs == ["confirmationNo"])
        #expect(try Self.flow().matter("M05")?.publicOutputs == ["firstPaymentMonth"])
        #expect(try Self.flow().matter("M09")?.publicOutputs == [])
        let unmarked = CatalogueTests.replacing("retirement/flow.json", ", \"visibility\": \"public\"", "")
        let flow = try #require(try Catalogue.load(files: unmarked).flow(named: "retirement"))
        #expect(flow.matters.allSatisfy { $0.publicOutputs.isEmpty }, "internal is the default")
    }
}
