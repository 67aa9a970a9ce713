import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { formatCell, htmlTable } from "../../src/charts/table.js";

describe("formatCell", () => {
  it("formats numbers, bigints, dates and empties without locale", () => {
    expect(formatCell(1234567)).toBe("1,234,567");
    expect(formatCell(-1234.5)).toBe("-1,234.50");
    expect(formatCell(0.125, 2)).toBe("0.13");
    expect(formatCell(-0.001)).toBe("0.00");
    expect(formatCell(12345678901234567890n)).toBe("12,345,678,901,234,567,890");
    expect(formatCell(Number.NaN)).toBe("");
    expect(formatCell(null)).toBe("");
    expect(formatCell(new Date(Date.UTC(2011, 2, 4)))).toBe("2011-03-04");
    expect(formatCell(new Date(Date.UTC(2011, 2, 4, 10, 5)))).toBe("2011-03-04 10:05:00");
  });
});

describe("htmlTable", () => {
  it("escapes every header and cell and marks numeric cells", () => {
    const html = htmlTable([{ "<th>": `<img src=x onerror=alert(1)>"q"`, n: 1500 }], { caption: "<b>Top</b>" });
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).toContain("<caption>&lt;b&gt;Top&lt;/b&gt;</caption>");
    expect(html).toContain("<th>&lt;th&gt;</th>");
    expect(html).toContain("<td>&lt;img src=x onerror=alert(1)&gt;&quot;q&quot;</td>");
    expect(html).toContain('<td class="num">1,500</td>');
    expect(html.startsWith('<table class="cs-table">')).toBe(true);
  });

  it("shows at most maxRows rows of a polars DataFrame and says how many there are", () => {
    const df = pl.DataFrame({ id: ["a", "b", "c"], revenue: [1.5, 2, 1000.25] });
    const html = htmlTable(df, { maxRows: 2 });
    expect(html.match(/<tr>/g)?.length).toBe(4); // header + 2 rows + footer
    expect(html).toContain("Showing 2 of 3 rows");
    expect(html).toContain("<th>id</th><th>revenue</th>");
    expect(html).toContain('<td class="num">1.50</td>');
  });

  it("an empty table says so", () => {
    expect(htmlTable([])).toContain("No rows");
  });
});
