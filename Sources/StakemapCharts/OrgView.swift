/// The org view: the reporting hierarchy, its lines dark; dotted-line managers dashed.
struct OrgView: ViewBuilder {
    func select(_ b: inout Builder) throws(ChartError) { try b.selectFocusAndSubset() }
    var marksChanges: Bool { true }
    var hierarchyColour: String { "#555555" }
    var bookTitle: String { "org chart" }
}
