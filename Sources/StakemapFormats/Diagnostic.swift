import StakemapCore

/// A place in an input file: 1-based line and column (columns count Unicode scalars
/// in YAML and JSON files, and fields in CSV files).
public struct Location: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: Location, b: Location) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A message about an input, with its place when it has one: printed as
/// `FILE:LINE:COLUMN: error: message`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public typealias Severity = Problem.Severity

    public var severity: Severity
    /// The file, when the problem concerns a whole file or the place is unknown.
    public var file: String?
    public var location: Location?
    public var message: String
    /// What Stakemap offers about it, said in `message` in words; a front end may add its
    /// own way to get there (the command line, the commands).
    public var nextSteps: [NextStep]
    public var nextStep: NextStep? { nextSteps.first }
    /// The input the message is about, by the name of the parameter that gave it (`ours`),
    /// when the message does not say: a front end prefixes its own name for it.
    public var parameter: String?

    public init(_ severity: Severity, at location: Location?, file: String? = nil, _ message: String, nextStep: NextStep? = nil) {
        self.init(severity, at: location, file: file, message, nextSteps: nextStep.map { [$0] } ?? [])
    }

    public init(
        _ severity: Severity, at location: Location?, file: String? = nil, _ message: String, nextSteps: [NextStep],
        parameter: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.file = file ?? location?.file
        self.message = message
        self.nextSteps = nextSteps
        self.parameter = parameter
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? file.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(parameter.map { "\($0): " } ?? "")\(message)"
    }

    /// Orders diagnostics by file rank (the account file first), then place.
    static func sorted(_ list: [Diagnostic], fileOrder: [String]) -> [Diagnostic] {
        func rank(_ d: Diagnostic) -> Int { d.file.flatMap { fileOrder.firstIndex(of: $0) } ?? fileOrder.count }
        return list.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            let (rx, ry) = (rank(x), rank(y))
            if rx != ry { return rx < ry }
            if (x.file ?? "") != (y.file ?? "") { return (x.file ?? "") < (y.file ?? "") }
            let lx = x.location.map { ($0.line, $0.column) } ?? (0, 0)
            let ly = y.location.map { ($0.line, $0.column) } ?? (0, 0)
            if lx != ly { return lx < ly }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// The outcome of reading a file: what could be read, and everything said about it.
public struct LoadResult: Sendable {
    public var file: AccountFile?
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The account, when it was read without errors.
    public var account: Account? { hasErrors ? nil : file?.account }
}
