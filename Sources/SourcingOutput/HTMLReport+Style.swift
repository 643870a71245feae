// The report's style sheet, inlined into the page's <style> (no network, prints well).

extension ReportPage {
    static let css = """

        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        main { max-width: 980px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0; line-height: 1.2; overflow-wrap: anywhere; }
        h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid #0072B2; }
        h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; overflow-wrap: anywhere; }
        p.lead { font-size: 1.05rem; }
        .status-optimal { color: #005A8C; font-weight: 600; }
        .status-feasible { color: #8A5A00; font-weight: 600; }
        .status-infeasible, .status-timeLimit, .status-error, .status-unbounded { color: #A03800; font-weight: 600; }
        .note { color: #444; font-size: 0.92rem; max-width: 46rem; }
        nav ul { list-style: none; padding: 0; margin: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
        nav a { color: #005A8C; }
        figure { margin: 0 0 1.5rem; break-inside: avoid; page-break-inside: avoid; }
        .scroll { overflow-x: auto; max-width: 100%; }
        svg.chart { display: block; width: 100%; height: auto; }
        svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #222; }
        svg .axis { font-size: 10.5px; fill: #444; }
        svg .value { font-size: 10.5px; font-weight: 600; }
        svg .label { font-size: 11px; }
        svg .label.excluded { fill: #777; font-style: italic; }
        svg .in-bar { font-size: 10px; fill: #fff; font-weight: 600; }
        svg .cell-text { font-size: 10px; }
        svg .cell-text.on-dark { fill: #fff; }
        svg .grid { stroke: #D8D8D8; stroke-width: 0.8; }
        svg .baseline { stroke: #222; stroke-width: 1; }
        svg .segment { stroke: #fff; stroke-width: 0.6; }
        svg .demand { stroke: #000; stroke-width: 2.5; }
        svg .demand-halo { stroke: #fff; stroke-width: 5; }
        svg .domestic-content { fill: #fff; stroke: #000; stroke-width: 1.5; }
        ul.legend { list-style: none; padding: 0; margin: 0.35rem 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0.2rem 1.1rem; font-size: 0.9rem; }
        ul.legend li { display: flex; align-items: center; gap: 0.35rem; }
        ul.legend .role { color: #555; }
        svg.swatch { flex: none; }
        table { border-collapse: collapse; margin: 0.5rem 0; font-size: 0.88rem; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-size: 0.85rem; color: #555; padding-bottom: 0.2rem; }
        th, td { padding: 0.2rem 0.5rem; border-bottom: 1px solid #E2E2E2; }
        table.numbers td { text-align: right; }
        table.numbers thead th { text-align: right; }
        table.numbers thead th:first-child { text-align: left; }
        th[scope=row] { text-align: left; font-weight: 500; white-space: nowrap; }
        th.sub { padding-left: 1.2rem; font-weight: 400; }
        th.subsub { padding-left: 2.2rem; font-weight: 400; color: #444; }
        tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #888; }
        table.list td, table.list th { text-align: left; vertical-align: top; }
        ul.timeline { padding-left: 1.2rem; font-size: 0.92rem; }
        section.analysis pre { white-space: pre-wrap; font-size: 0.85rem; }
        section.analysis > h3 { margin-top: 2rem; }
        .note.warning { color: #A03800; }
        th.path { white-space: normal; overflow-wrap: break-word; min-width: 10rem; }
        tr.no-plan td, td.no-plan { color: #A03800; }
        tr.sub th, tr.sub td { color: #444; font-size: 0.85rem; }
        details.table { margin: 0.5rem 0; }
        details.table summary { cursor: pointer; color: #005A8C; font-size: 0.92rem; }
        ul.diagnosis { font-size: 0.9rem; }
        footer { margin-top: 2.5rem; color: #555; font-size: 0.85rem; border-top: 1px solid #DDD; }
        code { overflow-wrap: anywhere; }
        @media (max-width: 600px) {
          body { font-size: 14px; }
          main { padding: 0.6rem 0.7rem 2rem; }
          h1 { font-size: 1.3rem; }
          th, td { padding: 0.15rem 0.35rem; }
        }
        @media print {
          body { font-size: 11pt; }
          main { max-width: none; padding: 0; }
          nav { display: none; }
          .scroll { overflow: visible; }
          h2 { break-after: avoid; page-break-after: avoid; }
          section { break-inside: auto; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
