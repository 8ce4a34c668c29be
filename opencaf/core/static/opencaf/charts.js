// Interactive charts (Chart.js) for canvas[data-chart]. The numbers come from a json_script element
// named in data-source; every chart also has a table with the same numbers next to it.
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-source"));
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    // One series ({label, values}) or several ({datasets: [{label, values, dashed}]}): the second
    // colour is amber, and a dashed line (a target) is told apart by its pattern, not its colour alone.
    var colours = ["#0a3d62", "#b85c00"];
    var sets = data.datasets || [{ label: data.label, values: data.values, fill: true }];
    var datasets = sets.map(function (set, index) {
      return {
        label: set.label, data: set.values, borderColor: colours[index % colours.length],
        backgroundColor: index === 0 && set.fill ? "rgba(10, 61, 98, 0.25)" : colours[index % colours.length],
        fill: Boolean(set.fill), tension: 0.2, spanGaps: true, borderDash: set.dashed ? [6, 4] : undefined
      };
    });
    new window.Chart(canvas, {
      type: canvas.getAttribute("data-chart"),
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: reduceMotion ? false : undefined,
        scales: { y: { beginAtZero: true, suggestedMax: data.max || undefined } },
        plugins: { legend: { display: datasets.length > 1 } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  });
})();
