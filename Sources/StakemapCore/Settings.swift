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

    public init(down: Double? = nil, up: Double? = nil, dottedDown: Double? = nil, dottedUp: Double? = nil,
                halfLife: Int? = nil, staleAfter: Int? = nil, coverageThreshold: Double? = nil,
                visitStrength: Double? = nil, paths: Int? = nil) {
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

/// The analysis parameters in force for one run (DESIGN §2).
public struct AnalysisParameters: Sendable, Hashable, Codable {
    /// Manager → report strength.
    public var down: Double = 0.8
    /// Report → manager strength.
    public var up: Double = 0.5
    public var dottedDown: Double = 0.6
    public var dottedUp: Double = 0.4
    /// Days after which a relationship's strength has halved.
    public var halfLife: Int = 180
    /// Days without contact after which a relationship is stale.
    public var staleAfter: Int = 90
    /// Coverage below which a role holder is a gap.
    public var coverageThreshold: Double = 0.3
    /// Strength of the relationship a planned visit creates.
    public var visitStrength: Double = 0.8
    /// How many best paths to list.
    public var paths: Int = 3

    public init() {}

    public init(down: Double, up: Double, dottedDown: Double, dottedUp: Double, halfLife: Int, staleAfter: Int,
                coverageThreshold: Double, visitStrength: Double, paths: Int) {
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
}
