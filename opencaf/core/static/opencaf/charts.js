// Interactive charts (Chart.js) for canvas[data-chart]. The numbers come from a json_script element
// named in data-source; every chart also has a table with the same numbers next to it.
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-source"));
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: canvas.getAttribute("data-chart"),
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, borderColor: "#0a3d62", backgroundColor: "rgba(10, 61, 98, 0.25)", fill: true, tension: 0.2 }]
      },
      options: {
        animation: reduceMotion ? false : undefined,
        scales: { y: { beginAtZero: true, suggestedMax: data.max || undefined } },
        plugins: { legend: { display: false } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  });
})();
