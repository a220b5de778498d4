import Foundation
import OneThingExchange

/// Masks the personal data inside a stored document (an application, a matter's
/// outputs) before hubctl shows it, unless the operator asked for `--reveal`.
///
/// Which fields are personal is decided by the *meaning of the key* (ID numbers, names
/// of people, phones, accounts, addresses), in the generic vocabulary any flow's form
/// uses, never by one flow's field paths: hubctl knows no flow (data over code). The
/// rule errs on the side of masking: an unknown `...Account` or `...Address` is masked.
/// A `name` is a person's unless it sits in an object for an organisation (employer,
/// company, bank, unit), whose name is public.
public struct PersonalDataRedactor: Sendable {
    public let reveal: Bool

    public init(reveal: Bool) {
        self.reveal = reveal
    }

    /// `value` with every personal string masked (unchanged with `reveal`).
    public func redact(_ value: JSONValue) -> JSONValue {
        reveal ? value : redact(value, parentKey: nil)
    }

    public func redact(_ object: JSONObject) -> JSONObject {
        reveal ? object : redactObject(object, parentKey: nil)
    }

    /// The mask for a field named `key` inside an object named `parentKey`, nil when the
    /// field is not personal.
    public static func mask(forKey key: String, parentKey: String?) -> PersonalDataMask? {
        let name = key.lowercased()
        if ["idnumber", "idno", "idcard", "citizenid", "identitynumber", "passport"].contains(where: name.contains) {
            return .idNumber
        }
        if ["phone", "mobile", "telephone"].contains(where: name.contains) || name == "tel" {
            return .phone
        }
        if ["account", "cardno", "iban"].contains(where: name.contains) {
            return .bankAccount
        }
        if name.contains("address") {
            return .generic
        }
        if name == "name" || name.hasSuffix("fullname") || name.hasSuffix("personname") {
            let parent = parentKey?.lowercased() ?? ""
            let organisation = ["employer", "company", "organization", "organisation", "bank", "unit", "department"]
            return organisation.contains(where: parent.contains) ? nil : .name
        }
        return nil
    }

    private func redact(_ value: JSONValue, parentKey: String?) -> JSONValue {
        switch value {
        case .object(let object): return .object(redactObject(object, parentKey: parentKey))
        case .array(let elements): return .array(elements.map { redact($0, parentKey: parentKey) })
        default: return value
        }
    }

    private func redactObject(_ object: JSONObject, parentKey: String?) -> JSONObject {
        var result = JSONObject()
        for (key, value) in object {
            if let mask = Self.mask(forKey: key, parentKey: parentKey) {
                result[key] = Self.masked(value, with: mask)
            } else {
                result[key] = redact(value, parentKey: key)
            }
        }
        return result
    }

    /// Strings and numbers are masked; nested values are masked throughout (an address
    /// given as an object is personal in every part).
    private static func masked(_ value: JSONValue, with mask: PersonalDataMask) -> JSONValue {
        switch value {
        case .string(let text): return .string(mask.apply(to: text))
        case .int(let number): return .string(mask.apply(to: String(number)))
        case .double(let number): return .string(mask.apply(to: String(number)))
        case .array(let elements): return .array(elements.map { masked($0, with: mask) })
        case .object(let object):
            var result = JSONObject()
            for (key, element) in object { result[key] = masked(element, with: mask) }
            return .object(result)
        case .null, .bool: return value
        }
    }
}
