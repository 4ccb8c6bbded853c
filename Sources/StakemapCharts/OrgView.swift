/// The org view: the reporting hierarchy, its lines dark; dotted-line managers dashed.
struct OrgView: ViewBuilder {
    var marksChanges: Bool { true }
    var hierarchyColour: String { "#555555" }
    var bookTitle: String { "org chart" }
}
