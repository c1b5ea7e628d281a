// Drawing: heat maps, the data points, the network and the loss curves.

const $ = (id) => document.getElementById(id);
const GRID = 50;
let grid = null;  // per node: its value at each grid cell

function colour(t) {  // -1 orange, 0 white, +1 blue
  t = Math.max(-1, Math.min(1, t || 0));
  const [r, g, b] = t > 0 ? [8, 119, 189] : [245, 147, 34];
  const a = Math.abs(t);
  return [255 + (r - 255) * a, 255 + (g - 255) * a, 255 + (b - 255) * a];
}

function computeGrid() {
  const [low, high] = data.domain;
  const weights = model.vals.slice(0, model.P);
  const count = model.nodes.length;
  const values = new Array(count).fill(null);
  const shown = new Set([...model.features, ...model.neuronNodes.flat()]);
  for (const k of shown) values[k] = new Float64Array(GRID * GRID);
  const fs = state.features.map((f) => FEATURES[f].f);
  const stop = model.inner.indexOf(model.outputs[model.outputs.length - 1]) + 1;
  const shownNodes = [...shown], columns = shownNodes.map((k) => values[k]);
  const point = new Array(fs.length);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const a = low + (c + 0.5) / GRID * (high - low), b = high - (r + 0.5) / GRID * (high - low);
      for (let f = 0; f < fs.length; f++) point[f] = fs[f](a, b);
      setSample(model, point, 0);
      forward(model, stop);
      for (let s = 0; s < shownNodes.length; s++) columns[s][r * GRID + c] = model.vals[shownNodes[s]];
    }
  }
  model.vals.set(weights);
  grid = values;
}

function outputLevel(cell) {  // -1..1: class 0 .. class 1, or the regression value
  if (model.outputs.length === 2) {
    const z0 = grid[model.outputs[0]][cell], z1 = grid[model.outputs[1]][cell];
    return 2 / (1 + Math.exp(z0 - z1)) - 1;
  }
  const v = grid[model.outputs[0]][cell];
  return data.classification ? 2 * v - 1 : v / data.range;
}

const scratch = document.createElement("canvas");  // one GRID x GRID image, reused
scratch.width = GRID; scratch.height = GRID;
const scratchContext = scratch.getContext("2d");
const scratchImage = scratchContext.createImageData(GRID, GRID);

function paint(canvas, level) {
  const pixels = scratchImage.data;
  for (let i = 0; i < GRID * GRID; i++) {
    let t = level(i);
    t = t > 1 ? 1 : t < -1 ? -1 : t || 0;
    const a = t > 0 ? t : -t;
    const j = i * 4;
    pixels[j] = 255 + ((t > 0 ? 8 : 245) - 255) * a;
    pixels[j + 1] = 255 + ((t > 0 ? 119 : 147) - 255) * a;
    pixels[j + 2] = 255 + ((t > 0 ? 189 : 34) - 255) * a;
    pixels[j + 3] = 255;
  }
  scratchContext.putImageData(scratchImage, 0, 0);
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = true;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

function normalised(k) {
  const v = grid[k];
  let m = 1e-9;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return (i) => v[i] / m;
}

function toCanvas(p, canvas) {
  const [low, high] = data.domain, w = canvas.width;
  return [(p[0] - low) / (high - low) * w, (high - p[1]) / (high - low) * w];
}

function drawOutput() {
  const canvas = $("heatmap");
  paint(canvas, outputLevel);
  const ctx = canvas.getContext("2d");
  const showTest = $("show-test").checked;
  const dot = (i, test) => {
    const [x, y] = toCanvas(data.X[i], canvas);
    const t = data.classification ? 2 * data.y[i] - 1 : data.y[i] / data.range;
    const [r, g, b] = colour(t * 1.6);
    ctx.beginPath();
    ctx.arc(x, y, i === selected ? 6 : 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = "rgb(" + r + "," + g + "," + b + ")";
    ctx.fill();
    ctx.lineWidth = test ? 1.6 : 0.8;
    ctx.strokeStyle = test ? "#111" : "#fff";
    ctx.stroke();
  };
  data.train.forEach((i) => dot(i, false));
  if (showTest) data.test.forEach((i) => dot(i, true));
  if (selected !== null) dot(selected, data.test.includes(selected));
}

function drawCurve() {
  const canvas = $("curve"), ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const all = [...curves.train, ...curves.test].filter(Number.isFinite);
  const top = Math.max(1e-9, ...all);
  const line = (values, style, dash) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    values.forEach((v, i) => {
      const x = values.length === 1 ? 0 : i / (values.length - 1) * canvas.width;
      const y = canvas.height - 4 - (Number.isFinite(v) ? v / top : 1) * (canvas.height - 8);
      if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y);
    });
    ctx.strokeStyle = style; ctx.lineWidth = 1.5; ctx.stroke();
  };
  line(curves.test, "#888", [4, 3]);
  line(curves.train, "#222", []);
  ctx.setLineDash([]);
  const last = (v) => (v.length && Number.isFinite(v[v.length - 1]) ? v[v.length - 1].toFixed(4) : "-");
  $("train-loss").textContent = last(curves.train);
  $("test-loss").textContent = last(curves.test);
}

// The network: a column of features, one per hidden layer, then the outputs; weights as
// lines whose width is |w| and colour its sign. Positions are recomputed on every draw.
const NODE = 30;
let networkBuilt = null;

function buildNetworkView() {
  const box = $("network");
  box.replaceChildren();
  const columns = [Object.keys(FEATURES), ...model.widths.slice(1).map((n) => [...Array(n).keys()])];
  const width = box.clientWidth || 460, height = 300;
  const xs = columns.map((_, c) => 40 + c * (width - 110) / Math.max(1, columns.length - 1));
  const yOf = (count, i) => 30 + (i + 0.5) * Math.min(36, (height - 40) / count);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", width); svg.setAttribute("height", height);
  box.appendChild(svg);
  const positions = [];  // per column, per row: [x, y] centre
  columns.forEach((rowsOfColumn, c) => positions.push(rowsOfColumn.map((_, i) => [xs[c], yOf(rowsOfColumn.length, i)])));
  const lines = [];
  model.layout.forEach((neurons, l) => {
    neurons.forEach((n, j) => {
      n.w.forEach((k, i) => {
        const fromRow = l === 0 ? Object.keys(FEATURES).indexOf(state.features[i]) : i;
        const [x1, y1] = positions[l][fromRow], [x2, y2] = positions[l + 1][j];
        const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
        path.setAttribute("d", "M" + (x1 + NODE / 2) + "," + y1 + " C" + ((x1 + x2) / 2) + "," + y1 + " " + ((x1 + x2) / 2) + "," + y2 + " " + (x2 - NODE / 2) + "," + y2);
        path.setAttribute("class", "weight");
        path.dataset.node = String(k);
        path.addEventListener("click", (event) => openEditor(k, event));
        const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        path.appendChild(title);
        svg.appendChild(path);
        lines.push({ path: path, k: k, title: title });
      });
    });
  });
  const cells = [];
  const place = (x, y, canvas) => {
    canvas.width = NODE; canvas.height = NODE;
    canvas.style.left = (x - NODE / 2) + "px"; canvas.style.top = (y - NODE / 2) + "px";
    box.appendChild(canvas);
  };
  Object.keys(FEATURES).forEach((f, i) => {
    const canvas = document.createElement("canvas");
    const on = state.features.includes(f);
    canvas.className = "node feature" + (on ? "" : " off");
    canvas.title = FEATURES[f].label + (on ? " (click to leave out)" : " (click to use)");
    place(positions[0][i][0], positions[0][i][1], canvas);
    canvas.addEventListener("click", () => toggleFeature(f));
    const label = document.createElement("span");
    label.className = "feature-label";
    label.textContent = FEATURES[f].label;
    label.style.left = "0px"; label.style.top = (positions[0][i][1] - 7) + "px";
    box.appendChild(label);
    cells.push({ canvas: canvas, k: on ? model.features[state.features.indexOf(f)] : null });
  });
  model.neuronNodes.forEach((layer, l) => {
    layer.forEach((k, j) => {
      const canvas = document.createElement("canvas");
      canvas.className = "node neuron";
      canvas.dataset.node = String(k);
      place(positions[l + 1][j][0], positions[l + 1][j][1], canvas);
      const bias = model.layout[l][j].b;
      canvas.title = model.nodes[k].name + ": click to edit its bias";
      canvas.addEventListener("click", (event) => openEditor(bias, event));
      canvas.addEventListener("mouseenter", () => zoom(k, canvas));
      canvas.addEventListener("mouseleave", () => { $("neuron-zoom").hidden = true; });
      cells.push({ canvas: canvas, k: k });
    });
  });
  // layer controls: neurons and activation per hidden layer
  state.hidden.forEach((layer, l) => {
    const controls = document.createElement("div");
    controls.className = "layer-controls teacher";
    controls.style.left = (xs[l + 1] - 28) + "px";
    const more = button("+", () => { if (layer.size < LIMITS.neurons) { layer.size += 1; changed(); } });
    const fewer = button("\u2212", () => { if (layer.size > 1) { layer.size -= 1; changed(); } });
    const select = document.createElement("select");
    fill(select, ACTIVATIONS, layer.activation);
    select.title = "activation of hidden layer " + (l + 1);
    select.addEventListener("change", () => { layer.activation = select.value; changed(); });
    controls.append(more, fewer, select);
    box.appendChild(controls);
  });
  networkBuilt = { lines: lines, cells: cells };
  $("shape").textContent = model.widths.join("-") + " network, " + model.P + " parameters";
}

function button(text, action) {
  const b = document.createElement("button");
  b.textContent = text;
  b.addEventListener("click", action);
  return b;
}

function drawNetwork() {
  if (!networkBuilt) buildNetworkView();
  for (const { path, k, title } of networkBuilt.lines) {
    const w = model.vals[k];
    path.style.strokeWidth = String(Math.min(8, 0.4 + Math.abs(w) * 2.2));
    path.style.stroke = w >= 0 ? "#0877bd" : "#f59322";
    title.textContent = model.nodes[k].name + " = " + w.toPrecision(4) + " (click to edit)";
  }
  for (const { canvas, k } of networkBuilt.cells) {
    if (k === null) { canvas.getContext("2d").clearRect(0, 0, NODE, NODE); continue; }
    paint(canvas, normalised(k));
  }
}

function zoom(k, canvas) {
  const box = $("neuron-zoom");
  paint(box.querySelector("canvas"), normalised(k));
  box.querySelector("span").textContent = model.nodes[k].name;
  box.style.left = (canvas.offsetLeft + NODE + 6) + "px";
  box.style.top = Math.max(0, canvas.offsetTop - 40) + "px";
  box.hidden = false;
}

let editing = null;
function openEditor(k, event) {
  const box = $("editor");
  editing = k;
  box.querySelector("span").textContent = model.nodes[k].name + " =";
  const input = box.querySelector("input");
  input.value = String(model.vals[k]);
  box.querySelector("em").textContent = "";
  const host = $("network").getBoundingClientRect();
  box.style.left = Math.min(host.width - 240, Math.max(0, event.clientX - host.left)) + "px";
  box.style.top = (event.clientY - host.top + 10) + "px";
  box.hidden = false;
  input.focus(); input.select();
}

function applyEdit() {
  const box = $("editor"), text = box.querySelector("input").value.trim();
  const value = text === "" ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    box.querySelector("em").textContent = "\u201c" + text + "\u201d is not a number";
    return;
  }
  model.vals[editing] = value;
  box.hidden = true;
  redraw();
}
