import StakemapCore

// Temporary: replaced by the settings table in StakemapCore/Settings.swift.
public enum Setting: String, Sendable { case coverageThreshold = "coverage_threshold", other }
public struct SettingProblem: Sendable { public let setting = Setting.other; public let message: String }
extension Settings {
    public func overriding(_ o: Settings) -> Settings {
        Settings(down: o.down ?? down, up: o.up ?? up, dottedDown: o.dottedDown ?? dottedDown, dottedUp: o.dottedUp ?? dottedUp,
                 halfLife: o.halfLife ?? halfLife, staleAfter: o.staleAfter ?? staleAfter,
                 coverageThreshold: o.coverageThreshold ?? coverageThreshold, visitStrength: o.visitStrength ?? visitStrength,
                 paths: o.paths ?? paths)
    }
    public func problems() -> [SettingProblem] { resolved.problem().map { [SettingProblem(message: $0)] } ?? [] }
}
