// Draws each `figure.chart` live with vega-embed, from the Vega-Lite spec in its
// `script.vega-spec`. The static SVG stays until the live view has rendered
// without an error, and stays for good if anything fails: a reader always sees
// the chart. Vega's own messages go to console.warn, never console.error.
// Copied to site/assets/charts.js by tools/book/build.ts; a classic script,
// because module scripts do not load from file:// pages.
"use strict";

(function drawCharts() {
  if (typeof vegaEmbed !== "function" || typeof vega !== "object") {
    console.warn("stallfree: Vega did not load; charts stay static");
    return;
  }
  for (const figure of document.querySelectorAll("figure.chart:not(.static)")) {
    const live = figure.querySelector(".chart-live");
    const fallback = figure.querySelector(".chart-static");
    let failed = false;
    // Vega reports some run-time errors only to its logger, and still resolves.
    const logger = vega.logger(vega.Warn, "warn", (_method, level, input) => {
      if (level === "ERROR") failed = true;
      console.warn("stallfree chart:", level, ...input);
    });
    class View extends vega.View {
      constructor(runtime, options) {
        super(runtime, { ...options, logger });
      }
    }
    const giveUp = (reason) => {
      live.replaceChildren();
      live.classList.remove("vega-embed");
      console.warn("stallfree: keeping the static chart:", reason);
    };
    try {
      const spec = JSON.parse(figure.querySelector("script.vega-spec").textContent);
      vegaEmbed(live, spec, { actions: false, renderer: "svg", viewClass: View }).then(() => {
        if (failed) return giveUp("Vega logged an error");
        fallback.hidden = true;
        figure.dataset.vegaRendered = "true";
      }, giveUp);
    } catch (error) {
      giveUp(error);
    }
  }
})();
