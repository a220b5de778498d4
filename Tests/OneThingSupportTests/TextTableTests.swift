import Testing
import OneThingSupport

@Suite struct TextTableTests {
    @Test func tableAlignsByDisplayWidth() {
        var table = TextTable([.init("NAME"), .init("DEPT"), .init("N", .right), .init("NOTE")])
        table.append(["韦小宝", "police", "7", "户籍"])
        table.append(["Li", "hrss", "1234"])
        table.append(["覃", "medicare", "5", "ok", "ignored extra cell"])
        let lines = table.lines()
        #expect(lines == [
            "NAME    DEPT         N  NOTE",
            "韦小宝  police       7  户籍",
            "Li      hrss      1234",
            "覃      medicare     5  ok",
        ])
        // Every column starts at the same display column on every line.
        for line in lines.dropFirst() {
            let second = line.firstRange(of: "police") ?? line.firstRange(of: "hrss") ?? line.firstRange(of: "medicare")
            #expect(second.map { DisplayWidth.of(String(line[..<$0.lowerBound])) } == 8)
        }
        #expect(table.rendered(indent: "  ").hasPrefix("  NAME    DEPT"))
        #expect(!lines.contains { $0.hasSuffix(" ") }, "no trailing spaces")
    }

    @Test func aHeaderWiderThanEveryCellSetsTheWidth() {
        var table = TextTable([.init("DEPARTMENT"), .init("办结", .right)])
        table.append(["hrss", "3"])
        table.append(["公安", "12"])
        #expect(table.lines() == [
            "DEPARTMENT  办结",
            "hrss           3",
            "公安          12",
        ])
    }

    @Test func anEmptyTableIsItsHeader() {
        let table = TextTable([.init("A"), .init("B")])
        #expect(table.isEmpty)
        #expect(table.lines() == ["A  B"])
        #expect(table.rendered() == "A  B\n")
    }
}
