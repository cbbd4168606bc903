// Hand-drawn SVG charts for the console: no library, nothing fetched. One chart: stacked bars per day and series.
"use strict";

const GranaryCharts = (() => {
  const svgNs = "http://www.w3.org/2000/svg";
  const palette = ["#2f6fdb", "#e07b39", "#3a9b5c", "#9b59b6", "#c0392b", "#16a3b8", "#7f8c8d", "#d4ac0d"];

  function svg(name, attributes) {
    const element = document.createElementNS(svgNs, name);
    for (const [key, value] of Object.entries(attributes)) {
      element.setAttribute(key, String(value));
    }
    return element;
  }

  function colourOf(series, index) {
    return palette[index % palette.length];
  }

  // points: [{ x: "2026-11-30", series: "mlp-classifier", value: 12 }]; xs: every x in order (days without data too).
  function stackedBars(points, xs, title) {
    const series = [...new Set(points.map(p => p.series))].sort();
    const totals = xs.map(x => points.filter(p => p.x === x).reduce((sum, p) => sum + p.value, 0));
    const max = Math.max(1, ...totals);
    const width = 640, height = 200, left = 48, bottom = 36, top = 10;
    const slot = (width - left) / Math.max(1, xs.length);
    const bar = Math.max(4, slot * 0.7);
    const scale = v => (height - bottom - top) * v / max;

    const figure = document.createElement("figure");
    figure.className = "chart";
    const chart = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": title });
    chart.appendChild(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: "#999" }));
    for (const tick of [0, 0.5, 1]) {
      const y = height - bottom - scale(max * tick);
      const label = svg("text", { x: left - 6, y: y + 4, "text-anchor": "end" });
      label.textContent = Math.round(max * tick).toLocaleString();
      chart.appendChild(label);
    }

    xs.forEach((x, i) => {
      let base = height - bottom;
      const centre = left + slot * i + slot / 2;
      series.forEach((name, s) => {
        const value = points.filter(p => p.x === x && p.series === name).reduce((sum, p) => sum + p.value, 0);
        if (value > 0) {
          const h = scale(value);
          base -= h;
          const rect = svg("rect", { x: centre - bar / 2, y: base, width: bar, height: h, fill: colourOf(name, s), "data-series": name, "data-x": x, "data-value": value });
          const tip = svg("title", {});
          tip.textContent = `${x} ${name}: ${value.toLocaleString()}`;
          rect.appendChild(tip);
          chart.appendChild(rect);
        }
      });
      if (xs.length <= 16 || i % Math.ceil(xs.length / 16) === 0) {
        const label = svg("text", { x: centre, y: height - bottom + 14, "text-anchor": "middle" });
        label.textContent = x.slice(5);
        chart.appendChild(label);
      }
    });

    const caption = document.createElement("figcaption");
    caption.textContent = title;
    const legend = document.createElement("div");
    legend.className = "legend";
    series.forEach((name, s) => {
      const item = document.createElement("span");
      const swatch = document.createElement("i");
      swatch.style.background = colourOf(name, s);
      item.append(swatch, name);
      legend.appendChild(item);
    });
    figure.append(caption, chart, legend);
    return figure;
  }

  return { stackedBars };
})();
