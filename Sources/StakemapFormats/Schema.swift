import Foundation
import StakemapCore

/// The keys of the account format, in canonical order (the order files are written in).
enum Keys {
    static let top = ["stakemap", "account", "directory", "settings", "team", "people", "links",
                      "relationships", "opportunities", "interactions"]
    static let account = ["name", "sector", "referencing", "owner", "notes"]
    static let referencing = ["status", "partner", "renewal"]
    static let directory = ["path", "people", "links"]
    static let settings = ["down", "up", "dotted_down", "dotted_up", "half_life", "stale_after",
                           "coverage_threshold", "visit_strength", "paths"]
    static let team = ["id", "name", "title", "level", "email", "capacity", "notes"]
    static let person = ["id", "name", "title", "unit", "site", "level", "email", "reports_to", "dotted",
                         "roles", "stance", "power", "criteria", "placeholder", "left", "notes"]
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
