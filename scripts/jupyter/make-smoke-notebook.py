"""Writes test/notebooks/fixtures/00-smoke.ipynb (run with .venv/bin/python from the project root)."""
import nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell
cells = [
 new_markdown_cell("# Smoke test\n\nThe tslab kernel starts in the project root, compiles a `src/` helper, loads ESM-only packages "
                   "(ml-kmeans) and native ones (nodejs-polars), draws a Vega-Lite chart and shows an HTML table. "
                   "Used by `test/notebooks/runner.test.ts` and, until `notebooks/02-segmentation.ipynb` exists, by "
                   "`test/browser/jupyterlab.test.ts`."),
 new_code_cell('import pl from "nodejs-polars";\nimport { kmeans } from "ml-kmeans";\nimport { escapeHtml } from "./src/util/html.js";\n\n'
               'const points = [[1, 1], [2, 1], [10, 10], [11, 10]];\n'
               'const fit: { clusters: number[] } = kmeans(points, 2, { seed: 1 });\n'
               'const customers = pl.DataFrame({ segment: ["A", "A", "B", "B"], spend: [10, 20, 100, 110], cluster: fit.clusters });\n'
               'console.log(customers.height, "customers in", new Set(fit.clusters).size, "clusters;", escapeHtml("<ok>"));'),
 new_code_cell('import * as jupyter from "tslab/dist/jupyter.js";\n\n'
               '// The Vega-Lite JSON and a text fallback. No text/html beside it: JupyterLab ranks text/html (50)\n'
               '// above application/vnd.vegalite.v5+json (57) and would show the HTML instead of the chart.\n'
               'const spec = {\n'
               '  $schema: "https://vega.github.io/schema/vega-lite/v6.json",\n'
               '  data: { values: [{ segment: "A", spend: 30 }, { segment: "B", spend: 210 }] },\n'
               '  mark: "bar",\n'
               '  encoding: { x: { field: "segment", type: "nominal" }, y: { field: "spend", type: "quantitative" } },\n'
               '};\n'
               'jupyter.lastWriteDisplayData({\n'
               '  data: {\n'
               '    "application/vnd.vegalite.v5+json": spec as any, // JSON; tslab types it as a string\n'
               '    "text/plain": "bar chart: spend per segment (A 30, B 210)",\n'
               '  },\n'
               '  metadata: {},\n'
               '  transient: {},\n'
               '}, false);'),
 new_code_cell('import * as tslab from "tslab";\n\ntslab.display.html(customers.toHTML());'),
]
for i, c in enumerate(cells):
    c["id"] = f"smoke-{i + 1}"
nb = new_notebook(cells=cells, metadata={
  "kernelspec": {"name": "tslab", "display_name": "TypeScript (casestudy)", "language": "typescript"},
  "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"}})
nbformat.write(nb, "test/notebooks/fixtures/00-smoke.ipynb")
