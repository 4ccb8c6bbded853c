import StakemapCore

struct CoverageChart {
    let b: Builder
    init(_ b: Builder) { self.b = b }
    func diagram() throws(ChartError) -> Diagram { b.build() }
}
