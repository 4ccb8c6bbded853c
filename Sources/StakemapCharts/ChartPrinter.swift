import StakemapCore

/// How a chart is to be printed.
public struct PrintRequest: Sendable {
    /// What to write: the graph before layout (`dot`), or a drawing.
    public enum Format: String, Sendable, CaseIterable {
        case svg, png, pdf, dot, json
    }

    public var format: Format
    /// The paper, when printing on pages.
    public var page: PageSetup?
    /// Always one page, however small the text (else a PDF on paper that does not fit one
    /// page readably becomes a chart book).
    public var fit = false
    /// The most pages a chart book may take.
    public var maximumPages = 40
    /// The most people a one-sheet chart may draw.
    public var maximumPeople = ChartBuilder.largestChart

    public init(format: Format, page: PageSetup? = nil) {
        self.format = format
        self.page = page
    }

    /// Whether this request prints a chart book rather than one drawing.
    func printsBook(_ view: ChartView) -> Bool { page != nil && format == .pdf && !fit && view != .path }
}

/// A printed chart and what a reader should know about it.
public struct PrintedChart: Sendable {
    public var bytes: [UInt8]
    /// People drawn (on every page of a book).
    public var people: Int
    /// The drawing's size in points, before any fitting (nil for `dot`).
    public var size: (width: Double, height: Double)?
    public var pages = 1
    /// The scale the chart prints at on paper (nil without paper).
    public var zoom: Double?
    /// The scale below which its text is too small to read: a book's pages are planned
    /// above it; a one-page fit may fall under it.
    public var readableZoom: Double = 0.45
    /// Graphviz's warnings.
    public var messages: [String] = []

    /// Whether the text prints too small to read.
    public var tooSmall: Bool { zoom.map { $0 < readableZoom - 0.005 } ?? false }
}

/// Why a chart was not printed.
public enum PrintError: Error, Sendable, CustomStringConvertible {
    /// The chart asked for cannot be drawn from this account as asked (unknown person,
    /// too large, …): the input's problem.
    case chart(ChartError)
    /// Graphviz failed or lacks a plug-in: the output's problem.
    case graphviz(GraphvizError)

    public var description: String {
        switch self {
        case .chart(let e): e.message
        case .graphviz(let e): e.message
        }
    }
}

/// Draws a chart of an analysis and prints it: the one way to a chart file.
public enum ChartPrinter {
    /// Builds the chart `options` describe and prints it as `request` says: a dot file, a
    /// drawing (fitted to one page with `page`), or a chart book.
    public static func print(
        _ analysis: AccountAnalysis, _ options: ChartOptions,
        _ request: PrintRequest
    ) throws(PrintError) -> PrintedChart {
        let diagram: Diagram
        do { diagram = try ChartBuilder.diagram(analysis, options) } catch { throw .chart(error) }
        if request.format == .dot { return PrintedChart(bytes: Array(diagram.dot().utf8), people: diagram.people) }
        let book = request.printsBook(options.view)
        if !book {
            do { try ChartBuilder.checkSize(diagram, analysis, options, maximumPeople: request.maximumPeople) } catch {
                throw .chart(error)
            }
        }
        let renderer = GraphvizRenderer.shared
        do {
            try renderer.selfCheck()
            var printed: PrintedChart
            if let page = request.page, book {
                var layout = BookLayout(page: page)
                layout.maximumPages = request.maximumPages
                let plan: ChartBook
                do { plan = try ChartBook.plan(analysis, options, layout: layout, measure: renderer.measure) } catch let e as ChartError {
                    throw PrintError.chart(e)
                }
                let chart = try renderer.renderBook(plan, layout: layout)
                printed = PrintedChart(
                    bytes: chart.data, people: plan.people, size: (chart.width, chart.height), pages: chart.pages,
                    zoom: chart.zoom, readableZoom: layout.minimumZoom, messages: chart.messages)
            } else {
                let format = ChartFormat(rawValue: request.format.rawValue) ?? .svg
                let chart = try renderer.render(diagram, format: format, page: request.page)
                printed = PrintedChart(
                    bytes: chart.data, people: diagram.people, size: (chart.width, chart.height), pages: chart.pages,
                    messages: chart.messages)
                if let page = request.page {
                    let inner = page.inner
                    printed.zoom =
                        format == .pdf && !request.fit
                        ? chart.zoom : min(inner.width / max(chart.width, 1), inner.height / max(chart.height, 1))
                }
            }
            return printed
        } catch let e as PrintError {
            throw e
        } catch let e as GraphvizError {
            throw .graphviz(e)
        } catch let e as ChartError {
            throw .chart(e)
        } catch {
            throw .graphviz(GraphvizError(message: "\(error)"))
        }
    }
}
