import StakemapCore

/// What one view of a chart decides: who it draws, how a person's box looks, which
/// lines it adds and how it prints. Each view is its own type, in its own file
/// (`OrgView`, `InfluenceView`, `PathView`, `CoverageView`, `GridView`); the views drawn
/// over the hierarchy share `Builder.build`, the coverage map and the political grid
/// lay themselves out. `ChartView.builder` is the one place that picks the type.
protocol ViewBuilder: Sendable {
    /// The diagram of the view, once `select` has chosen who is drawn.
    func diagram(_ b: inout Builder) throws(ChartError) -> Diagram
    /// Chooses who is drawn (`Builder.shown`). By default: the focus options.
    func select(_ b: inout Builder) throws(ChartError)
    /// Whether the view draws the influence and conflict links (so who has one matters
    /// to stacking, and a book page notes links that cross pages).
    var drawsLinks: Bool { get }
    /// Whether the view marks the changes against a previous snapshot (`ChartOptions.changes`).
    var marksChanges: Bool { get }
    /// The fill of a person's box: by default their stance.
    func fill(_ b: Builder, _ v: Int) -> String
    /// Attributes the view adds to a person's node, after the shared ones.
    func personAttributes(_ b: Builder, _ v: Int) -> [(String, String)]
    /// Whether uninteresting subtrees may fold into "+N people", and leaves stack.
    var compacts: Bool { get }
    /// Whether levels always run left to right (whatever `ChartOptions.leftToRight`).
    var leftToRight: Bool { get }
    /// The colour of the reporting lines.
    var hierarchyColour: String { get }
    /// Adds the view's own lines once the hierarchy is drawn (`standsFor`: the node each
    /// person is drawn in, as `Builder.build` decided).
    func addLines(_ b: inout Builder, _ d: inout Diagram, standsFor: [Int])
    /// What the legend says about the view's own lines.
    var legendNotes: [String] { get }
    /// How the view prints as a chart book.
    var book: BookShape { get }
    /// The view's name in a book's title ("org chart").
    var bookTitle: String { get }
}

/// How a view prints as a chart book.
enum BookShape {
    /// Cut between people of the hierarchy: an overview, then each continued subtree.
    case tree
    /// Shared out by unit when it does not fit one page.
    case units
    /// Always one page.
    case onePage
    /// Not as a book: fitted to one page instead.
    case none
}

extension ViewBuilder {
    func diagram(_ b: inout Builder) throws(ChartError) -> Diagram { b.build() }
    func select(_ b: inout Builder) throws(ChartError) { try b.selectFocus() }
    var drawsLinks: Bool { false }
    var marksChanges: Bool { false }
    func fill(_ b: Builder, _ v: Int) -> String { ChartBuilder.fill(b.a.person(v)?.stance ?? .unknown) }
    func personAttributes(_ b: Builder, _ v: Int) -> [(String, String)] { [] }
    var compacts: Bool { true }
    var leftToRight: Bool { false }
    var hierarchyColour: String { "#bbbbbb" }
    func addLines(_ b: inout Builder, _ d: inout Diagram, standsFor: [Int]) {}
    var legendNotes: [String] { [] }
    var book: BookShape { .tree }
}

extension ChartView {
    /// The builder of this view: the one place the views are told apart.
    var builder: any ViewBuilder {
        switch self {
        case .org: OrgView()
        case .influence: InfluenceView()
        case .coverage: CoverageView()
        case .path: PathView()
        case .grid: GridView()
        }
    }
}
