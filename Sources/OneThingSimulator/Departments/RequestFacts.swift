import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OneThingExchange

/// What a simulated department reads from a request to make a plausible answer, found by
/// the shape of values rather than by field names (each department names them its own
/// way): the latest date (the requested or approved retirement date; birth dates are
/// earlier), periods (list elements with two months), a 6-digit region code and counts
/// of deemed months.
struct RequestFacts: Sendable {
    var leaves: [(key: String, value: String)] = []
    var integers: [(key: String, value: Int64)] = []
    /// Each list element's scalar texts, in order.
    var listElements: [[String]] = []

    init(body: [UInt8], contentType: String?) {
        if (contentType ?? "").lowercased().contains("xml") {
            leaves = XMLLeaves.read(body)
        } else if let document = try? JSONValue(parsing: body) {
            collect(document, key: "", inList: false)
        }
    }

    private mutating func collect(_ value: JSONValue, key: String, inList: Bool) {
        switch value {
        case .object(let object):
            for (name, child) in object { collect(child, key: name, inList: inList) }
        case .array(let elements):
            for element in elements {
                var texts: [String] = []
                if case .object(let object) = element {
                    for (_, child) in object {
                        if let text = child.stringValue { texts.append(text) }
                    }
                }
                listElements.append(texts)
                collect(element, key: key, inList: true)
            }
        case .string(let text): leaves.append((key, text))
        case .int(let number):
            integers.append((key, number))
            leaves.append((key, String(number)))
        default: break
        }
    }

    /// The latest date in the request: the retirement date it is about.
    var referenceDate: CivilDate? {
        leaves.compactMap { CivilDate(departmentText: $0.value) }.max()
    }

    /// Months covered by the periods listed in the request (inclusive), if it lists any.
    var periodMonths: Int? {
        var total = 0
        var found = false
        for element in listElements {
            let months = element.compactMap(Self.monthIndex)
            guard months.count >= 2, let first = months.first, let last = months.dropFirst().first, last >= first else { continue }
            total += last - first + 1
            found = true
        }
        return found ? total : nil
    }

    /// A count of deemed months carried over from an earlier decision.
    var carriedDeemedMonths: Int? {
        integers.first { $0.key.lowercased().contains("deem") }.map { Int($0.value) }
    }

    /// The first 6-digit division code.
    var regionCode: String? {
        leaves.first { $0.value.count == 6 && $0.value.allSatisfy(\.isASCII) && $0.value.allSatisfy(\.isNumber)
            && Self.monthIndex($0.value) == nil }?.value
    }

    /// `yyyyMM` or `yyyy-MM` as a month index.
    static func monthIndex(_ text: String) -> Int? {
        let digits = text.filter { $0 != "-" }
        guard digits.count == 6, text.count == 6 || text.count == 7, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let year = Int(digits.prefix(4)), let month = Int(digits.suffix(2)),
              (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        return year * 12 + month - 1
    }
}

/// Leaf elements of a small XML document as (element name, text) pairs.
private final class XMLLeaves: NSObject, XMLParserDelegate {
    private var leaves: [(key: String, value: String)] = []
    private var text = ""

    static func read(_ body: [UInt8]) -> [(key: String, value: String)] {
        let parser = XMLParser(data: Data(body))
        let reader = XMLLeaves()
        parser.delegate = reader
        _ = parser.parse()
        return reader.leaves
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { leaves.append((elementName, trimmed)) }
        text = ""
    }
}
