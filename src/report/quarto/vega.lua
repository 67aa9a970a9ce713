-- Quarto filter of the case-study site (listed in _quarto.yml): a page that embeds a chart (a raw HTML block
-- whose script calls window.vegaEmbed, written by chartHtml in src/charts/bundle.ts) gets Vega, Vega-Lite and
-- Vega-Embed as an HTML dependency. Quarto then copies the three builds into site_libs/vega/ and loads them in
-- the page's <head>, linked relative to the page, before any chart script runs. Pages without charts load no
-- Vega. The builds are copied from node_modules into vega/ beside this file by `casestudy render`
-- (src/report/render.ts); nothing comes from a CDN.

local has_chart = false

return {
  {
    RawBlock = function(el)
      if el.format == "html" and el.text:find("window.vegaEmbed", 1, true) then
        has_chart = true
      end
    end,
    Pandoc = function(doc)
      if has_chart and quarto.doc.is_format("html") then
        quarto.doc.add_html_dependency({
          name = "vega",
          scripts = { "vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js" },
        })
      end
      return doc
    end,
  },
}
