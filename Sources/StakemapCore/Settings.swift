/// One key of an account's `settings`, and the rule its values follow: the one table that
/// the file's checks (`Settings.problems`), a run's overrides (`AnalysisParameters.problems`)
/// and the JSON Schema (`schema/stakemap.schema.json`, held to it by a test) all read.
///
/// The raw value is the key in the file. Cases are in the order files are written in.
public enum Setting: String, CaseIterable, Sendable {
    case down
    case up
    case dottedDown = "dotted_down"
    case dottedUp = "dotted_up"
    case halfLife = "half_life"
    case staleAfter = "stale_after"
    case coverageThreshold = "coverage_threshold"
    case visitStrength = "visit_strength"
    case paths

    /// What values a setting takes: any number, or whole numbers only (the schema's `type`).
    public enum Kind: String, Sendable {
        case number, integer
    }

    /// The key in the file.
    public var key: String { rawValue }

    public var kind: Kind {
        switch self {
        case .halfLife, .staleAfter, .paths: .integer
        default: .number
        }
    }

    /// The smallest value allowed, itself excluded when `minimumIsExclusive`.
    public var minimum: Double {
        switch self {
        case .halfLife, .paths: 1
        default: 0
        }
    }

    /// Whether `minimum` itself is refused (the strengths: a strength of 0 is no edge).
    public var minimumIsExclusive: Bool {
        switch self {
        case .down, .up, .dottedDown, .dottedUp, .visitStrength: true
        default: false
        }
    }

    /// The largest value allowed (included). Day counts stop at 100 years and `paths` at
    /// 1,000, so that no setting makes an analysis overflow or run for hours.
    public var maximum: Double {
        switch self {
        case .halfLife, .staleAfter: 36_500
        case .paths: 1_000
        default: 1
        }
    }

    /// The value an analysis uses when neither the account nor the run sets one.
    public var defaultValue: SettingValue {
        switch self {
        case .down: .number(0.8)
        case .up: .number(0.5)
        case .dottedDown: .number(0.6)
        case .dottedUp: .number(0.4)
        case .halfLife: .integer(180)
        case .staleAfter: .integer(90)
        case .coverageThreshold: .number(0.3)
        case .visitStrength: .number(0.8)
        case .paths: .integer(3)
        }
    }

    /// What to give, for messages: "a strength in (0, 1]", "a whole number of days from 1 to 36500".
    public var expected: String {
        let low = SettingValue(minimum, kind).description, high = SettingValue(maximum, kind).description
        let what =
            switch self {
            case .down, .up, .dottedDown, .dottedUp, .visitStrength: "a strength"
            case .halfLife, .staleAfter: "a whole number of days"
            case .coverageThreshold: "a number"
            case .paths: "a whole number"
            }
        switch kind {
        case .number: return "\(what) in \(minimumIsExclusive ? "(" : "[")\(low), \(high)]"
        case .integer: return minimumIsExclusive ? "\(what) above \(low), up to \(high)" : "\(what) from \(low) to \(high)"
        }
    }

    /// Whether `value` is allowed: within the bounds, and whole for an `integer` setting.
    /// NaN never is.
    public func allows(_ value: SettingValue) -> Bool {
        let v = value.number
        if kind == .integer && v != v.rounded() { return false }
        return (minimumIsExclusive ? v > minimum : v >= minimum) && v <= maximum
    }

    /// The problem with `value` for this setting, or nil when it is allowed.
    public func problem(_ value: SettingValue) -> SettingProblem? {
        allows(value) ? nil : SettingProblem(setting: self, message: "\(key) must be \(expected), not \(value)")
    }
}

/// A value of a setting: a number, or a whole number for the settings whose kind is `integer`.
public enum SettingValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case integer(Int)

    init(_ value: Double, _ kind: Setting.Kind) {
        self = kind == .integer ? .integer(Int(value)) : .number(value)
    }

    /// The value as a number (whole numbers beyond 2^53 rounded, which no bound is near).
    public var number: Double {
        switch self {
        case .number(let v): v
        case .integer(let v): Double(v)
        }
    }

    public var description: String {
        switch self {
        case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : format(v)
        case .integer(let v): String(v)
        }
    }
}

/// A setting whose value breaks its rule. The message names the setting by its key in the
/// file and says what to give; it names no command-line option (the command line adds its
/// own flag in front).
public struct SettingProblem: Sendable, Hashable, CustomStringConvertible {
    public let setting: Setting
    public let message: String

    public init(setting: Setting, message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { message }
}

/// Per-account overrides of the analysis defaults. Every field is optional: only what
/// the account sets is stored (and written back); `resolved` fills in the defaults.
public struct Settings: Sendable, Hashable, Codable {
    public var down: Double?
    public var up: Double?
    public var dottedDown: Double?
    public var dottedUp: Double?
    public var halfLife: Int?
    public var staleAfter: Int?
    public var coverageThreshold: Double?
    public var visitStrength: Double?
    public var paths: Int?

    public init(
        down: Double? = nil, up: Double? = nil, dottedDown: Double? = nil, dottedUp: Double? = nil,
        halfLife: Int? = nil, staleAfter: Int? = nil, coverageThreshold: Double? = nil,
        visitStrength: Double? = nil, paths: Int? = nil
    ) {
        self.down = down
        self.up = up
        self.dottedDown = dottedDown
        self.dottedUp = dottedUp
        self.halfLife = halfLife
        self.staleAfter = staleAfter
        self.coverageThreshold = coverageThreshold
        self.visitStrength = visitStrength
        self.paths = paths
    }

    /// The value set for `setting`, or nil when it is not set.
    public subscript(setting: Setting) -> SettingValue? {
        switch setting {
        case .down: down.map(SettingValue.number)
        case .up: up.map(SettingValue.number)
        case .dottedDown: dottedDown.map(SettingValue.number)
        case .dottedUp: dottedUp.map(SettingValue.number)
        case .halfLife: halfLife.map(SettingValue.integer)
        case .staleAfter: staleAfter.map(SettingValue.integer)
        case .coverageThreshold: coverageThreshold.map(SettingValue.number)
        case .visitStrength: visitStrength.map(SettingValue.number)
        case .paths: paths.map(SettingValue.integer)
        }
    }

    /// The settings that are set and break their rule, in `Setting` order.
    public func problems() -> [SettingProblem] {
        Setting.allCases.compactMap { s in self[s].flatMap(s.problem) }
    }

    /// These settings with `overrides` applied: where both set a value, the override's wins.
    public func overriding(_ overrides: Settings) -> Settings {
        Settings(
            down: overrides.down ?? down, up: overrides.up ?? up, dottedDown: overrides.dottedDown ?? dottedDown,
            dottedUp: overrides.dottedUp ?? dottedUp, halfLife: overrides.halfLife ?? halfLife,
            staleAfter: overrides.staleAfter ?? staleAfter,
            coverageThreshold: overrides.coverageThreshold ?? coverageThreshold,
            visitStrength: overrides.visitStrength ?? visitStrength, paths: overrides.paths ?? paths)
    }

    /// The settings with every default filled in.
    public var resolved: AnalysisParameters {
        let d = AnalysisParameters()
        return AnalysisParameters(
            down: down ?? d.down, up: up ?? d.up, dottedDown: dottedDown ?? d.dottedDown,
            dottedUp: dottedUp ?? d.dottedUp, halfLife: halfLife ?? d.halfLife,
            staleAfter: staleAfter ?? d.staleAfter, coverageThreshold: coverageThreshold ?? d.coverageThreshold,
            visitStrength: visitStrength ?? d.visitStrength, paths: paths ?? d.paths)
    }

    public var isEmpty: Bool { self == Settings() }
}

/// The analysis parameters in force for one run (docs/ANALYSES.md §1). The defaults are
/// the `Setting` table's.
public struct AnalysisParameters: Sendable, Hashable, Codable {
    /// Manager → report strength.
    public var down: Double = Setting.down.defaultValue.number
    /// Report → manager strength.
    public var up: Double = Setting.up.defaultValue.number
    public var dottedDown: Double = Setting.dottedDown.defaultValue.number
    public var dottedUp: Double = Setting.dottedUp.defaultValue.number
    /// Days after which a relationship's strength has halved.
    public var halfLife: Int = Setting.halfLife.defaultValue.whole
    /// A relationship is stale when its last contact is more than this many days before
    /// the as-of date (0: any contact not on that day).
    public var staleAfter: Int = Setting.staleAfter.defaultValue.whole
    /// Coverage below which a role holder is a gap.
    public var coverageThreshold: Double = Setting.coverageThreshold.defaultValue.number
    /// Strength of the relationship a planned visit creates.
    public var visitStrength: Double = Setting.visitStrength.defaultValue.number
    /// How many best paths to list.
    public var paths: Int = Setting.paths.defaultValue.whole

    public init() {}

    public init(
        down: Double, up: Double, dottedDown: Double, dottedUp: Double, halfLife: Int, staleAfter: Int,
        coverageThreshold: Double, visitStrength: Double, paths: Int
    ) {
        self.down = down
        self.up = up
        self.dottedDown = dottedDown
        self.dottedUp = dottedUp
        self.halfLife = halfLife
        self.staleAfter = staleAfter
        self.coverageThreshold = coverageThreshold
        self.visitStrength = visitStrength
        self.paths = paths
    }

    /// The value in force for `setting`.
    public subscript(setting: Setting) -> SettingValue {
        switch setting {
        case .down: .number(down)
        case .up: .number(up)
        case .dottedDown: .number(dottedDown)
        case .dottedUp: .number(dottedUp)
        case .halfLife: .integer(halfLife)
        case .staleAfter: .integer(staleAfter)
        case .coverageThreshold: .number(coverageThreshold)
        case .visitStrength: .number(visitStrength)
        case .paths: .integer(paths)
        }
    }

    /// The parameters that break their setting's rule, in `Setting` order: the same rules
    /// as the file's settings, for values given another way (a run's overrides).
    public func problems() -> [SettingProblem] {
        Setting.allCases.compactMap { s in s.problem(self[s]) }
    }
}

extension SettingValue {
    /// The value as a whole number, for the table's defaults (which are whole where the kind is).
    fileprivate var whole: Int {
        switch self {
        case .number(let v): Int(v)
        case .integer(let v): v
        }
    }
}
