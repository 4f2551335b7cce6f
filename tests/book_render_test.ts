/**
 * The book's rendering, without Jupyter or a browser: Markdown with math,
 * ANSI stripping, each kind of output (the chart figure with its static SVG
 * and its spec, the error box), and whole pages that load nothing from
 * another host. `tools/book/build.ts` runs the real notebooks.
 */
import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { externalResources } from "stallfree/tools/book/external_resources.ts";
import { renderMarkdownCells, renderMath } from "stallfree/tools/book/render_markdown.ts";
import { renderNotebook, titleAndSummary } from "stallfree/tools/book/render_notebook.ts";
import { hasChart, renderOutput, stripAnsi } from "stallfree/tools/book/render_outputs.ts";
import { bookPages } from "stallfree/tools/book/site.ts";

const SPEC = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  mark: "line",
  title: "</script><script>alert(1)</script>",
  data: { values: [{ step: 1, cost: 257 }] },
};
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="640"><circle r="2"></circle></svg>';
const CHART = {
  output_type: "execute_result",
  execution_count: 5,
  data: {
    "application/vnd.vegalite.v5+json": SPEC,
    "text/html": [SVG.slice(0, 20), SVG.slice(20)],
    "text/plain": "Chart: spikes",
  },
};

Deno.test("renderMarkdownCells() renders inline and display math with KaTeX", () => {
  const [{ html }] = renderMarkdownCells([
    "The p99 is $\\max_i c_i$, and\n\n$$\n\\frac{257}{33} \\approx 7.8\n$$\n\nnot $5 or `$x$`.",
  ]);
  assertMatch(html, /<p>The p99 is <span class="katex"><span class="katex-mathml"><math/);
  assertMatch(html, /<annotation encoding="application\/x-tex">\\max_i c_i<\/annotation>/);
  assertMatch(html, /<span class="katex-display"><span class="katex">/);
  assertMatch(html, /\\frac\{257\}\{33\} \\approx 7\.8<\/annotation>/);
  assertMatch(html, /<p>not \$5 or <code>\$x\$<\/code>\.<\/p>/);
});

Deno.test("renderMarkdownCells() gives headings ids unique across cells", () => {
  const cells = renderMarkdownCells(["# Title\n\n## The sweep", "## The sweep\n\n### Detail"]);
  assertEquals(cells.flatMap((cell) => cell.headings.map((heading) => heading.id)), [
    "title",
    "the-sweep",
    "the-sweep-2",
    "detail",
  ]);
  assertMatch(cells[1].html, /^<h2 id="the-sweep-2">The sweep<\/h2>/);
});

Deno.test("renderMath() names the TeX KaTeX cannot parse", () => {
  assertThrows(
    () => renderMath("\\frac{1}{", true),
    SyntaxError,
    "Expected valid TeX in $\\frac{1}{$ but KaTeX says:",
  );
});

Deno.test("stripAnsi() removes colours, cursor moves and OSC links", () => {
  const text =
    "\u001b[31mError\u001b[39m: \u001b[1mbad\u001b[22m\u001b[2K\u001b]8;;file:///x\u0007at\u001b]8;;\u0007";
  assertEquals(stripAnsi(text), "Error: badat");
});

Deno.test("renderOutput() puts streams and plain text in <pre>, escaped and without ANSI", () => {
  assertEquals(
    renderOutput({ output_type: "stream", name: "stdout", text: ["│ a < b │\n", "done\n"] }),
    '<pre class="output stream stdout">│ a &lt; b │\ndone\n</pre>',
  );
  assertEquals(
    renderOutput({ output_type: "stream", name: "stderr", text: "\u001b[33mwarn\u001b[0m" }),
    '<pre class="output stream stderr">warn</pre>',
  );
  assertEquals(
    renderOutput({
      output_type: "execute_result",
      execution_count: 2,
      data: { "text/plain": '{ p99: \u001b[33m257\u001b[39m, label: "<b>" }' },
    }),
    '<div class="output-label">Out [2]:</div>' +
      '<pre class="output text">{ p99: 257, label: &quot;&lt;b&gt;&quot; }</pre>',
  );
});

Deno.test("renderOutput() inserts text/html as is and images as data URLs", () => {
  assertEquals(
    renderOutput({
      output_type: "display_data",
      data: { "text/html": "<table><tr><td>1</td></tr></table>" },
    }),
    '<div class="output html"><table><tr><td>1</td></tr></table></div>',
  );
  assertEquals(
    renderOutput({
      output_type: "display_data",
      data: { "image/png": "iVBO\nRw==\n", "text/plain": "x" },
    }),
    '<div class="output image"><img alt="" src="data:image/png;base64,iVBORw=="></div>',
  );
  assertMatch(
    renderOutput({ output_type: "display_data", data: { "text/markdown": "**bold** $x$" } }),
    /^<div class="output markdown"><p><strong>bold<\/strong> <span class="katex">/,
  );
});

Deno.test("renderOutput() draws a chart as a figure with its static SVG and its spec", () => {
  const html = renderOutput(CHART);
  assert(hasChart(html));
  const figure =
    /<figure class="chart"><div class="chart-static">(.*)<\/div><div class="chart-live"><\/div><script type="application\/json" class="vega-spec">(.*)<\/script><\/figure>$/s
      .exec(html);
  assert(figure, `Expected a chart figure but found ${html}`);
  assertEquals(figure[1], SVG);
  assert(!figure[2].includes("</"), "the spec cannot close its <script> early");
  assertEquals(JSON.parse(figure[2]), SPEC);
  assertMatch(html, /^<div class="output-label">Out \[5\]:<\/div><figure/);
});

Deno.test("renderOutput() draws a static chart as a figure holding only its SVG", () => {
  const html = renderOutput({
    output_type: "display_data",
    data: { "text/html": SVG, "text/plain": "Chart: Timeline" },
  });
  assertEquals(html, `<figure class="chart static">${SVG}</figure>`);
  assert(!hasChart(html), "a static chart needs no Vega scripts");
  const plain = renderOutput({ output_type: "display_data", data: { "text/html": "<b>hi</b>" } });
  assert(!plain.includes("<figure"), "HTML that is not a chart stays plain output");
});

Deno.test("renderOutput() shows an error in its own box, ANSI stripped", () => {
  const html = renderOutput({
    output_type: "error",
    ename: "RangeError",
    evalue: "Expected budget >= 1 but found 0",
    traceback: [
      "\u001b[31mRangeError\u001b[0m: Expected budget >= 1 but found 0",
      "    at <anonymous>:2:7",
    ],
  });
  assertEquals(
    html,
    '<div class="output error" role="alert"><pre><strong>RangeError: Expected budget &gt;= 1 ' +
      "but found 0</strong>\n    at &lt;anonymous&gt;:2:7</pre></div>",
  );
  assertThrows(
    () => renderOutput({ output_type: "update_display_data" }),
    TypeError,
    'Expected output_type to be stream, display_data, execute_result or error but found "update_display_data"',
  );
});

Deno.test("titleAndSummary() keeps the title and the leading sentences that fit", () => {
  const markdown = "# 2 · Decode `spikes`\n\nChapter 1 showed it.\nThis one measures it. " +
    `${"A very long sentence. ".repeat(20)}\n\nYou will:`;
  assertEquals(titleAndSummary(markdown), {
    title: "2 · Decode <code>spikes</code>",
    summary: "Chapter 1 showed it. This one measures it. " +
      "A very long sentence. ".repeat(10).trim(),
  });
});

Deno.test("bookPages() links chapters both ways and loads nothing from another host", async () => {
  const notebook = (title: string) => ({
    cells: [
      {
        cell_type: "markdown",
        source: `# ${title}\n\nSee [the paper](https://arxiv.org/abs/2403.02310).`,
      },
      { cell_type: "markdown", source: "## Math\n\n$$\\sum_i c_i$$" },
      { cell_type: "code", source: "chart", execution_count: 5, outputs: [CHART] },
    ],
  });
  const chapters = ["00-tour", "01-chunks"].map((name, i) => ({
    ...renderNotebook(notebook(`${i} · ${name}`)),
    href: `${name}.html`,
  }));
  const [index, first, second] = bookPages("A course.", chapters);
  assertMatch(index.html, /<li><a href="00-tour.html">0 · 00-tour<\/a><p class="summary">See/);
  for (const page of [first, second]) {
    assertEquals(page.html.match(/<nav class="pager (top|bottom)"/g)?.length, 2);
    assertMatch(page.html, /<a href="#math">Math<\/a>/);
    assertMatch(page.html, /<link rel="stylesheet" href="assets\/katex\/katex.min.css">/);
    assertMatch(page.html, /<script defer src="assets\/vega-embed.min.js"><\/script>/);
    assertMatch(page.html, /<a href="https:\/\/arxiv.org\/abs\/2403.02310">the paper<\/a>/);
  }
  assertMatch(first.html, /rel="next" href="01-chunks.html"/);
  assertMatch(second.html, /rel="prev" href="00-tour.html"/);
  for (const page of [index, first, second]) {
    assertEquals(externalResources(page.html), [], page.href);
    assert(!page.html.includes("file://"), page.href);
    for (
      const [, url] of page.html.matchAll(/<(?:script|link|img)\b[^>]*(?:src|href)="([^"]*)"/g)
    ) {
      assert(url.startsWith("assets/") || url.startsWith("data:"), `${page.href} loads ${url}`);
    }
  }
  const css = await Deno.readTextFile(new URL("../tools/book/book.css", import.meta.url));
  assertEquals(externalResources(css), []);
});
