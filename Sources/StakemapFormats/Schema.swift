import Foundation
import StakemapCore

/// The keys of the account format, in canonical order (the order files are written in).
enum Keys {
    static let top = [
        "stakemap", "account", "directory", "settings", "team", "people", "links",
        "relationships", "opportunities", "interactions",
    ]
    static let account = ["name", "sector", "referencing", "owner", "notes"]
    static let referencing = ["status", "partner", "renewal"]
    static let directory = ["path", "people", "links"]
    static let settings = Setting.allCases.map(\.key)
    static let team = ["id", "name", "title", "level", "email", "crm_id", "capacity", "notes"]
    static let person = [
        "id", "name", "title", "unit", "site", "level", "email", "crm_id", "reports_to", "dotted",
        "roles", "stance", "power", "criteria", "placeholder", "left", "notes",
    ]
    static let link = ["from", "to", "type", "strength", "notes"]
    static let relationship = ["ours", "theirs", "level", "strength", "last_contact", "notes"]
    static let opportunity = ["id", "name", "stage", "close", "amount", "roles", "notes"]
    static let interaction = ["date", "ours", "theirs", "kind", "note"]
    /// Column names accepted for `reports_to` in directory CSV files.
    static let personColumnAliases = ["manager": "reports_to", "manager_id": "reports_to"]
}

/// Value conversions shared by the YAML/JSON decoder and the CSV reader; each returns
/// the value or a message for the user.
enum Convert {
    static func number(_ text: String) -> Double? {
        switch text {
        case ".nan", ".NaN", ".NAN", "nan", "NaN": return .nan
        case ".inf", ".Inf", ".INF", "+.inf", "inf": return .infinity
        case "-.inf", "-.Inf", "-.INF", "-inf": return -.infinity
        default:
            let t = text.replacingUnderscores()
            return Double(t)
        }
    }

    /// A plain decimal (`0.63`, `-12`, `1,5`: digits, one optional point or comma, an
    /// optional sign) of at most 15 significant digits, or nil for anything else. Exact:
    /// the digits form an integer below 2^53 and the division by a power of ten (exact
    /// up to 10^22) rounds once, as `Double(String)` would.
    static func decimal<C: Collection>(_ bytes: C) -> Double? where C.Element == UInt8 {
        var mantissa: UInt64 = 0
        var significant = 0, places = 0
        var sawDigit = false, sawPoint = false, negative = false, first = true
        for b in bytes {
            defer { first = false }
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                sawDigit = true
                if mantissa > 0 || b != UInt8(ascii: "0") {
                    significant += 1
                    if significant > 15 { return nil }
                }
                mantissa = mantissa * 10 + UInt64(b - UInt8(ascii: "0"))
                if sawPoint { places += 1 }
            } else if (b == UInt8(ascii: ".") || b == UInt8(ascii: ",")) && !sawPoint {
                sawPoint = true
            } else if (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) && first {
                negative = b == UInt8(ascii: "-")
            } else {
                return nil
            }
        }
        guard sawDigit, places < powersOfTen.count else { return nil }
        let v = Double(mantissa) / powersOfTen[places]
        return negative ? -v : v
    }

    private static let powersOfTen: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { x, _ in x * 10 } }

    static func integer(_ text: String) -> Int? { Int(text.replacingUnderscores()) }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1": return true
        case "false", "no", "n", "0", "": return false
        default: return nil
        }
    }

    static func day(_ text: String, key: String) -> Result<Day, Message> {
        if let d = Day(iso: text) { return .success(d) }
        if Day.looksLikeISODate(text) { return .failure(Message("\(key): '\(text)' is not a real date (no such day in that month)")) }
        return .failure(Message("\(key): '\(text)' is not a date; write it as YYYY-MM-DD, such as 2026-03-31"))
    }

    static func enumValue<E: RawRepresentable & CaseIterable>(_ text: String, key: String, _: E.Type) -> Result<E, Message>
    where E.RawValue == String {
        if let v = E(rawValue: text) { return .success(v) }
        let normalized = text.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if let v = E(rawValue: normalized) { return .success(v) }
        let valid = E.allCases.map(\.rawValue)
        let hint = Suggester(valid).hint(for: text)
        return .failure(Message("unknown \(key) '\(text)'\(hint); valid values: \(valid.joined(separator: ", "))"))
    }

    /// Splits a multi-valued CSV cell ("champion|coach", "a;b", "a, b").
    static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "|" || $0 == ";" || $0 == "," }).map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    struct Message: Error { var text: String; init(_ t: String) { text = t } }
}

extension String {
    func replacingUnderscores() -> String { utf8.contains(UInt8(ascii: "_")) ? replacingOccurrences(of: "_", with: "") : self }
}
