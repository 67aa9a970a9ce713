-- Pandoc Lua filter of the preview renderer: folds the source of a notebook code cell into
-- <details class="code-fold"><summary>…</summary> (Quarto's code-fold markup), adds a figure caption after
-- its outputs, and drops the bookkeeping attributes that prepareNotebook (src/report/notebook.ts) put there.

local function escape(s)
  return (s:gsub("[&<>\"']", {
    ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;",
  }))
end

function Div(el)
  if not (el.classes:includes("cell") and el.classes:includes("code")) then
    return nil
  end
  local fold = el.attributes["casestudy-fold"]
  local summary = el.attributes["casestudy-summary"] or "Code"
  local caption = el.attributes["casestudy-caption"]
  el.attributes["casestudy-fold"] = nil
  el.attributes["casestudy-summary"] = nil
  el.attributes["casestudy-caption"] = nil
  local out = {}
  for _, block in ipairs(el.content) do
    if block.t == "CodeBlock" then
      if block.text:match("^%s*$") then
        -- echo: false leaves an empty source: show nothing
      elseif fold then
        local open = fold == "show" and " open" or ""
        table.insert(out, pandoc.RawBlock("html",
          '<details class="code-fold"' .. open .. '><summary>' .. escape(summary) .. '</summary>'))
        table.insert(out, block)
        table.insert(out, pandoc.RawBlock("html", "</details>"))
      else
        table.insert(out, block)
      end
    else
      table.insert(out, block)
    end
  end
  if caption then
    table.insert(out, pandoc.Div({ pandoc.Plain({ pandoc.Str(caption) }) }, pandoc.Attr("", { "figure-caption" })))
  end
  el.content = out
  return el
end
