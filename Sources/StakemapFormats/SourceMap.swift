import StakemapCore

/// Where each part of an account came from, so that a `Subject` found by the core's
/// checks can be shown as `FILE:LINE:COLUMN`.
public struct SourceMap: Sendable {
    /// The columns of one CSV file, shared by all its rows.
    struct CSVColumns: Sendable {
        let file: String
        /// Each key's 1-based field number.
        let columns: [String: Int]
    }

    /// The origin of one entity: places of its YAML/JSON keys (keyed by path below the
    /// entry, "" for the entry itself) and, for directory entries, its CSV row: the file
    /// by its position in `csvFiles`, so that a row's origin holds no reference to count.
    struct Origin: Sendable {
        var fields: [String: Location] = [:]
        var csvFile: Int32 = -1
        var csvLine32: Int32 = 0
        var csvLine: Int { Int(csvLine32) }

        init(fields: [String: Location] = [:]) { self.fields = fields }
        init(csvFile: Int, line: Int) {
            self.csvFile = Int32(csvFile)
            self.csvLine32 = Int32(truncatingIfNeeded: line)
        }
    }

    var file: String
    var root: [String: Location] = [:]
    var origins: [Subject.Entity: [Origin]] = [:]
    /// The CSV files that origins' rows are in.
    var csvFiles: [CSVColumns] = []

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
            if path.count == 1, let csv = csvFile(of: origin), let column = csv.columns[path[0]] {
                return Location(file: csv.file, line: origin.csvLine, column: column)
            }
            path.removeLast()
        }
        if let l = origin.fields[""] { return l }
        if let csv = csvFile(of: origin) { return Location(file: csv.file, line: origin.csvLine, column: 1) }
        return root[subject.entity.rawValue] ?? Location(file: file, line: 1, column: 1)
    }

    private func csvFile(of origin: Origin) -> CSVColumns? {
        csvFiles.indices.contains(Int(origin.csvFile)) ? csvFiles[Int(origin.csvFile)] : nil
    }
}
