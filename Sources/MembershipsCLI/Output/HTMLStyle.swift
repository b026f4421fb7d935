/// The report's inline style sheet: system fonts only, nothing fetched, readable in print.
enum HTMLStyle {
    static let css = """
    :root { color-scheme: light; }
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
           color: #212121; background: #fff; margin: 0 auto; padding: 24px; max-width: 1400px; }
    h1 { font-size: 24px; margin: 0 0 4px; }
    h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #e0e0e0; padding-bottom: 4px; }
    .meta { color: #546e7a; margin: 2px 0; }
    code, .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px;
                  word-break: break-all; }
    svg.chart { width: 100%; height: auto; display: block; font-size: 12px; }
    svg.chart text { fill: #37474f; }
    svg.chart .member { font-weight: 600; fill: #212121; }
    svg.chart .axis line { stroke: #90a4ae; }
    svg.chart .axis line.grid { stroke: #eceff1; }
    svg.chart line.asof { stroke: #c62828; stroke-dasharray: 4 3; }
    svg.chart text.asof { fill: #c62828; }
    svg.chart line.sep { stroke: #cfd8dc; }
    svg.chart .band { opacity: 0.35; }
    svg.chart .bar.uncertain, svg.chart .band.uncertain { stroke: #212121; stroke-dasharray: 3 2; }
    svg.chart .mband { opacity: 0.6; }
    svg.chart .tick line { stroke-width: 1.5; }
    svg.chart .tick.met line { stroke: #90a4ae; }
    svg.chart .tick.overdue line { stroke: #d84315; stroke-width: 3; }
    svg.chart .tick.overdue polygon { fill: #d84315; }
    svg.chart .tick.ahead line { stroke: #37474f; stroke-dasharray: 3 2; }
    svg.chart .tick.unrecorded line { stroke: #78909c; stroke-dasharray: 1 2; }
    svg.chart .tick .hit { fill: #000; fill-opacity: 0; }
    svg.chart .marker polygon, svg.chart .marker rect, svg.chart .marker circle { stroke: #212121; stroke-width: 1; }
    svg.chart .marker.milestone polygon { fill: #ffffff; }
    svg.chart .marker.recognition polygon { fill: #fbc02d; }
    svg.chart .marker.suspension rect, svg.chart .marker.reinstatement polygon { fill: #ce93d8; }
    svg.chart .marker.withdrawal rect { fill: #b71c1c; stroke: none; }
    svg.chart .marker.closure rect { fill: #000000; stroke: none; }
    svg.chart .marker.merger polygon { fill: #455a64; }
    svg.chart .marker.activity circle { fill: #eceff1; stroke: #607d8b; }
    svg.chart text.empty { fill: #757575; font-style: italic; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; }
    th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #eceff1; }
    th { background: #f5f7f8; position: sticky; top: 0; }
    td.date { min-width: 9em; font-variant-numeric: tabular-nums; }
    code.id { display: inline-block; max-width: 14ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
              vertical-align: bottom; color: #546e7a; }
    .note { color: #546e7a; font-size: 12px; margin-top: 2px; }
    td.source { color: #546e7a; word-break: break-word; }
    .slug { display: block; color: #78909c; font-size: 11px; }
    .chip { color: #fff; border-radius: 3px; padding: 1px 6px; white-space: nowrap; }
    .mark { color: #e65100; font-weight: 600; }
    .mark.corrected { color: #6a1b9a; font-size: 11px; border: 1px solid #ce93d8; border-radius: 3px; padding: 0 3px; }
    tr.uncertain td { background: #fff8e1; }
    ul.rules { margin: 0; padding-left: 16px; }
    ul.rules li { white-space: nowrap; }
    ul.rules span.overdue { color: #bf360c; font-weight: 600; }
    ul.rules span.late { color: #e65100; }
    ul.rules span.met { color: #2e7d32; }
    .every { color: #78909c; }
    .none { color: #b0bec5; }
    .notes { color: #546e7a; font-size: 12px; }
    footer { margin-top: 32px; color: #90a4ae; font-size: 12px; }
    @media print { th { position: static; } body { padding: 0; } }
    """
}
