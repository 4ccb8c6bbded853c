import StakemapCore

/// Where each part of an account came from, so that a `Subject` found by the core's
/// checks can be shown as `FILE:LINE:COLUMN`.
public struct SourceMap: Sendable {
    /// The columns of one CSV file, shared by all its rows.
    final class CSVColumns: Sendable {
        let file: String
        let columns: [String: Int]
        init(file: String, columns: [String: Int]) {
            self.file = file
            self.columns = columns
        }
    }

    /// The origin of one entity: places of its YAML/JSON keys (keyed by path below the
    /// entry, "" for the entry itself) and, for directory entries, its CSV row.
    struct Origin: Sendable {
        var fields: [String: Location] = [:]
        var csv: CSVColumns?
        var csvLine = 0
    }

    var file: String
    var root: [String: Location] = [:]
    var origins: [Subject.Entity: [Origin]] = [:]

    init(file: String) { self.file = file }

    /// The place of `subject`: its key if it was written, else the nearest enclosing entry.
    public func location(for subject: Subject) -> Location {
        guard let index = subject.index else {
            var path = [subject.entity.rawValue] + subject.path
            while !path.isEmpty {
                if let l = root[path.joined(separator: "/")] { return l }
                path.removeLast()
            }
            return Location(file: file, line: 1, column: 1)
        }
        guard let list = origins[subject.entity], index < list.count else {
            return root[subject.entity.rawValue] ?? Location(file: file, line: 1, column: 1)
        }
        let origin = list[index]
        var path = subject.path
        while !path.isEmpty {
            if let l = origin.fields[path.joined(separator: "/")] { return l }
            if path.count == 1, let csv = origin.csv, let column = csv.columns[path[0]] {
                return Location(file: csv.file, line: origin.csvLine, column: column)
            }
            path.removeLast()
        }
        if let l = origin.fields[""] { return l }
        if let csv = origin.csv { return Location(file: csv.file, line: origin.csvLine, column: 1) }
        return root[subject.entity.rawValue] ?? Location(file: file, line: 1, column: 1)
    }
}
