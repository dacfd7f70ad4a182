// Chart.js (the global Chart from the webjar's UMD build) with the portal's defaults and small
// plugins: error bars, values and baseline lines on bar charts, and axis labels for parallel
// coordinates.

const Chart = window.Chart;

const PALETTE = ['#3b5bdb', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0c8599', '#f08c00', '#5c940d',
  '#862e9c', '#1864ab', '#d9480f', '#495057'];

export function color(i) {
  return PALETTE[i % PALETTE.length];
}

if (Chart) {
  Chart.defaults.animation = false; // live pages redraw every few seconds; animations would only lag
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
}

/** Whiskers at value ± dataset.errorBars[i] on every bar. */
const errorBarsPlugin = {
  id: 'umbraErrorBars',
  afterDatasetsDraw(chart) {
    const {ctx} = chart;
    chart.data.datasets.forEach((dataset, i) => {
      if (!dataset.errorBars || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      const scale = chart.scales[meta.yAxisID];
      ctx.save();
      ctx.strokeStyle = '#1d2330';
      ctx.lineWidth = 1.5;
      meta.data.forEach((bar, j) => {
        const err = dataset.errorBars[j];
        const v = dataset.data[j];
        if (!err || v === null || v === undefined) return;
        const top = scale.getPixelForValue(v + err);
        const bottom = scale.getPixelForValue(v - err);
        const half = Math.min(8, bar.width / 4);
        ctx.beginPath();
        ctx.moveTo(bar.x, top); ctx.lineTo(bar.x, bottom);
        ctx.moveTo(bar.x - half, top); ctx.lineTo(bar.x + half, top);
        ctx.moveTo(bar.x - half, bottom); ctx.lineTo(bar.x + half, bottom);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

/** The value of every bar written above it (and above its whisker): dataset.valueLabels[i]. */
const barValuesPlugin = {
  id: 'umbraBarValues',
  afterDatasetsDraw(chart) {
    const {ctx} = chart;
    chart.data.datasets.forEach((dataset, i) => {
      if (!dataset.valueLabels || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      const scale = chart.scales[meta.yAxisID];
      ctx.save();
      ctx.fillStyle = '#1d2330';
      ctx.font = '11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      meta.data.forEach((bar, j) => {
        const v = dataset.data[j];
        if (v === null || v === undefined || !dataset.valueLabels[j]) return;
        ctx.fillText(dataset.valueLabels[j], bar.x, scale.getPixelForValue(v + (dataset.errorBars?.[j] ?? 0)) - 5);
      });
      ctx.restore();
    });
  },
};

/** Dashed horizontal reference lines across the plot, labelled at the right: options.plugins.umbraBaselines.lines [{label, value}]. */
const baselinesPlugin = {
  id: 'umbraBaselines',
  afterDatasetsDraw(chart) {
    const lines = chart.options.plugins.umbraBaselines?.lines;
    if (!lines?.length) return;
    const {ctx, chartArea} = chart;
    const y = chart.scales.y;
    ctx.save();
    ctx.strokeStyle = '#495057';
    ctx.fillStyle = '#495057';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    const placed = lines.map((line) => ({line, py: y.getPixelForValue(line.value)})).sort((a, b) => a.py - b.py);
    let lastTextY = -Infinity;
    for (const {line, py} of placed) {
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(chartArea.left, py); ctx.lineTo(chartArea.right, py);
      ctx.stroke();
      // Labels of close lines stack downwards instead of overprinting; a light box keeps them readable over bars.
      const textY = Math.max(py - 2, lastTextY + 13);
      lastTextY = textY;
      const width = ctx.measureText(line.label).width;
      ctx.setLineDash([]);
      ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillRect(chartArea.right - width - 5, textY - 12, width + 4, 12);
      ctx.fillStyle = '#495057';
      ctx.fillText(line.label, chartArea.right - 3, textY);
    }
    ctx.restore();
  },
};

/** For parallel coordinates: a vertical line per axis with its real min and max written at the ends. */
const parallelAxesPlugin = {
  id: 'umbraParallelAxes',
  afterDraw(chart) {
    const axes = chart.options.plugins.umbraParallelAxes?.axes;
    if (!axes) return;
    const {ctx, chartArea} = chart;
    const x = chart.scales.x;
    ctx.save();
    ctx.strokeStyle = '#868e96';
    ctx.fillStyle = '#495057';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    axes.forEach((axis, i) => {
      const px = x.getPixelForValue(i);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top); ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.fillText(axis.maxLabel, px, chartArea.top - 4);
      ctx.fillText(axis.minLabel, px, chartArea.bottom + 12);
    });
    ctx.restore();
  },
};

function percentTicks(scale) {
  scale.ticks = scale.ticks ?? {};
  scale.ticks.callback = (v) => `${Math.round(v * 1000) / 10} %`;
}

/** A line chart of {x, y} points. opts: xTitle, yTitle, percent, logX, xTicks, logY, beginAtZero, legend, extraScales. */
export function lineChart(canvas, datasets, opts = {}) {
  const y = {title: {display: !!opts.yTitle, text: opts.yTitle}, type: opts.logY ? 'logarithmic' : 'linear', beginAtZero: !!opts.beginAtZero};
  if (opts.percent) percentTicks(y);
  return new Chart(canvas, {
    type: 'line',
    data: {datasets},
    options: {
      parsing: false,
      normalized: true,
      interaction: {mode: 'nearest', intersect: false},
      elements: {point: {radius: 0, hitRadius: 6}, line: {borderWidth: 1.8, tension: 0}},
      scales: {
        x: {type: opts.logX ? 'logarithmic' : 'linear', title: {display: !!opts.xTitle, text: opts.xTitle},
          ticks: opts.xTicks ? {callback: opts.xTicks} : {precision: 0}},
        y,
        ...(opts.extraScales ?? {}),
      },
      plugins: {
        legend: {display: datasets.length > 1 || !!opts.legend, position: 'bottom'},
        tooltip: opts.percent ? {callbacks: {label: (c) => `${c.dataset.label}: ${(c.parsed.y * 100).toFixed(2)} %`}} : {},
      },
    },
  });
}

/** A dataset of a line chart; points are [{x, y}]. */
export function line(label, points, i, extra = {}) {
  return {label, data: points, borderColor: color(i), backgroundColor: color(i), ...extra};
}

/**
 * Bars of means with ± error bars; values and errors are arrays parallel to labels. opts: percent
 * (a 0 % to 100 % axis that starts at zero), valueLabels (text above each bar), baselines
 * ([{label, value}] dashed lines), keys (an id per bar, kept on the chart's data), errorName (what a
 * whisker is, for the tooltip).
 */
export function barChart(canvas, labels, values, errors, opts = {}) {
  const y = {title: {display: !!opts.yTitle, text: opts.yTitle}, beginAtZero: true, min: 0};
  if (opts.percent) {
    percentTicks(y);
    const top = Math.max(...values.map((v, i) => (v ?? 0) + (errors[i] ?? 0)), ...(opts.baselines ?? []).map((b) => b.value));
    y.max = Math.min(1, Math.ceil((top + 0.08) * 10) / 10);
    y.ticks.stepSize = 0.1;
  }
  return new Chart(canvas, {
    type: 'bar',
    data: {labels, keys: opts.keys, datasets: [{label: opts.label ?? 'mean', data: values, errorBars: errors, valueLabels: opts.valueLabels,
      backgroundColor: labels.map((_, i) => color(i) + 'cc'), borderColor: labels.map((_, i) => color(i)), borderWidth: 1}]},
    options: {
      scales: {y, x: {ticks: {autoSkip: false, maxRotation: 40}}},
      plugins: {
        legend: {display: false},
        umbraBaselines: {lines: opts.baselines ?? []},
        tooltip: {callbacks: {label: (c) => {
          const e = errors[c.dataIndex];
          const v = opts.percent ? `${(c.parsed.y * 100).toFixed(1)} %` : c.parsed.y.toPrecision(4);
          const spread = opts.percent ? `${(e * 100).toFixed(1)} pts` : e?.toPrecision(3);
          return e ? `${v} ± ${spread}${opts.errorName ? ` (${opts.errorName})` : ''}` : v;
        }}},
      },
    },
    plugins: [errorBarsPlugin, barValuesPlugin, baselinesPlugin],
  });
}

/**
 * Points [{label, x, y, filled, color}] on a scatter chart, each its own dataset (so the legend and
 * tooltips name it); filled points are drawn solid, the others hollow. opts: xTitle, yTitle, percent, logX.
 */
export function scatterChart(canvas, points, opts = {}) {
  const y = {title: {display: !!opts.yTitle, text: opts.yTitle}};
  if (opts.percent) percentTicks(y);
  return new Chart(canvas, {
    type: 'scatter',
    data: {datasets: points.map((p) => ({label: p.label, data: [{x: p.x, y: p.y}], borderColor: p.color,
      backgroundColor: p.filled ? p.color : 'transparent', pointRadius: 5, pointBorderWidth: 2}))},
    options: {
      scales: {x: {type: opts.logX ? 'logarithmic' : 'linear', title: {display: !!opts.xTitle, text: opts.xTitle}}, y},
      plugins: {legend: {display: points.length <= 12, position: 'bottom'}},
    },
  });
}

/**
 * Parallel coordinates: one line per item across axes normalised to [0, 1].
 * axes: [{label, min, max, minLabel, maxLabel}]; items: [{label, values (normalised), color}].
 */
export function parallelChart(canvas, axes, items) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: axes.map((a) => a.label),
      datasets: items.map((item) => ({label: item.label, data: item.values, raw: item.raw, borderColor: item.color,
        backgroundColor: item.color, borderWidth: 1.4, pointRadius: 2, tension: 0})),
    },
    options: {
      layout: {padding: {top: 18, bottom: 4, left: 24, right: 24}},
      scales: {y: {min: -0.02, max: 1.02, display: false},
        x: {grid: {display: false}, offset: false, ticks: {padding: 18, font: {weight: 'bold'}}}},
      plugins: {
        legend: {display: false},
        umbraParallelAxes: {axes},
        tooltip: {callbacks: {label: (c) => `${c.dataset.label}: ${c.dataset.raw[c.dataIndex]}`}},
      },
    },
    plugins: [parallelAxesPlugin],
  });
}

/** Replaces a chart's datasets (and labels) and redraws without animation. */
export function update(chart, datasets, labels) {
  chart.data.datasets = datasets;
  if (labels) chart.data.labels = labels;
  chart.update('none');
}
