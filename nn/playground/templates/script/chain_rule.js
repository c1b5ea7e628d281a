// One sample's forward and backward pass, a step at a time.

let selected = null, frames = [], frame = 0, sampleGrads = {};

function fmt(x) {  // Python's f"{x:.6g}", looking like a float: engine's format_number
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Object.is(x, -0)) return "-0.0";
  const [mantissa, power] = x.toExponential(5).split("e");
  const exponent = Number(power);
  let text;
  if (exponent < -4 || exponent >= 6) {
    const digits = mantissa.replace(/\.?0+$/, "");
    text = digits + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
  } else {
    text = x.toFixed(Math.max(0, 5 - exponent));
    if (text.includes(".")) text = text.replace(/\.?0+$/, "");
  }
  if (/^-?\d+$/.test(text)) text += ".0";
  return text;
}

function followSample(i) {
  selected = i;
  const t = rows.y[i];
  setSample(model, rows.features[i], t);
  forward(model, model.inner.length);
  const lossNode = model.lossNodes[lossIndex(model, t)];
  const used = [...model.inner].filter((k) => k === lossNode || !model.lossNodes.includes(k));
  const vals = model.vals;
  const names = model.nodes.map((n) => n.name);
  frames = [{ text: "Sample " + (i + 1) + (data.test.includes(i) ? " (test)" : " (train)") +
    ": the loss depends on " + (model.nodes.length - model.inner.length) + " leaves through " +
    used.length + " operations. Next runs the forward pass.", node: null, terms: [], data: {}, grad: {} }];
  used.forEach((k, q) => {
    const inputsText = model.inputs[k].length > 6 ? "" : " = " + model.nodes[k].key.split("/")[0] + "(" + [...model.inputs[k]].map((p) => fmt(vals[p])).join(", ") + ")";
    frames.push({ node: k, text: "forward " + (q + 1) + " of " + used.length + ": " + names[k] + " = " +
      model.nodes[k].expr + inputsText + " = " + fmt(vals[k]), terms: [], data: { [k]: vals[k] }, grad: {} });
  });
  const grads = new Map([[lossNode, 1.0]]);
  const order = used.slice().reverse();
  order.forEach((k, q) => {
    const g = grads.get(k) || 0.0;
    const kernel = model.nodes[k].kernel;
    const local = kernel.derivative(vals[k], [...model.inputs[k]].map((p) => vals[p]));
    const terms = [], changed = { [k]: g };
    const parents = [...model.inputs[k]];
    parents.forEach((p, position) => {
      const contribution = g * local[position];
      grads.set(p, (grads.get(p) || 0.0) + contribution);
      changed[p] = grads.get(p);
      const rule = filledRule(kernel.rules[position], parents.map((parent) => names[parent]), local[position]);
      terms.push("d loss/d " + names[p] + " += " + fmt(g) + " x " + fmt(local[position]) + " = " +
        fmt(contribution) + "   [" + rule + "]");
    });
    frames.push({ node: k, text: "step " + (q + 1) + " of " + order.length + ": " + names[k] + " = " +
      model.nodes[k].expr + ", d loss/d " + names[k] + " = " + fmt(g), terms: terms, data: {}, grad: changed });
  });
  sampleGrads = {};
  for (let k = 0; k < model.P; k++) sampleGrads[names[k]] = grads.get(k) || 0.0;
  buildNodeTable(used, lossNode);
  frame = 0;
  showFrame();
  drawOutput();
}

// The op's rule for one input (from the op table, its inputs written in0, in1, ...) in this
// node's names, then its value unless the rule is that number already (as engine.steps).
function filledRule(rule, inputNames, value) {
  const quoted = (name) => (/^[\p{L}\p{N}_.#']+$/u.test(name) ? name : "(" + name + ")");
  const text = rule.replace(/\bin(\d+)\b/g, (_, i) => quoted(inputNames[Number(i)]));
  const stated = text.slice(text.lastIndexOf(" = ") + 3);
  return stated.trim() !== "" && Number(stated) === value ? text : text + " = " + fmt(value);
}

function buildNodeTable(used) {
  const body = $("nodes");
  body.replaceChildren();
  const show = [...model.features, model.target, ...[...Array(model.P).keys()], ...used];
  for (const k of show) {
    const row = document.createElement("tr");
    row.dataset.node = String(k);
    const node = model.nodes[k];
    const data = node.kernel ? "data ?" : "data " + fmt(model.vals[k]);
    for (const text of [node.name, node.kernel ? node.expr : node.role, data, ""]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
}

function showFrame() {
  const f = frames[frame];
  $("status").textContent = f.text;
  const list = $("terms");
  list.replaceChildren();
  for (const line of f.terms) {
    const item = document.createElement("li");
    item.textContent = line;
    list.appendChild(item);
  }
  const known = { data: {}, grad: {} };
  for (let q = 0; q <= frame; q++) {
    Object.assign(known.data, frames[q].data);
    Object.assign(known.grad, frames[q].grad);
  }
  for (const row of $("nodes").children) {
    const k = Number(row.dataset.node);
    row.classList.toggle("current", k === f.node);
    if (k in known.data) row.children[2].textContent = "data " + fmt(known.data[k]);
    row.children[3].textContent = k in known.grad ? "grad " + fmt(known.grad[k]) : "";
    if (k === f.node) $("graph-table").scrollTop = Math.max(0, row.offsetTop - 50);
  }
  document.querySelectorAll("#network .neuron").forEach((c) => {
    const k = Number(c.dataset.node), node = model.nodes[f.node === null ? 0 : f.node];
    c.classList.toggle("current", f.node !== null && model.nodes[k].layer === node.layer && model.nodes[k].neuron === node.neuron && node.role === "op");
  });
  $("prev").disabled = frame === 0;
  $("next").disabled = $("to-end").disabled = frame === frames.length - 1;
  $("sample").textContent = "frame " + frame + " of " + (frames.length - 1) + " (weights as they were when you clicked)";
}

function clickOutput(event) {
  const canvas = $("heatmap"), box = canvas.getBoundingClientRect();
  const x = (event.clientX - box.left) * canvas.width / box.width;
  const y = (event.clientY - box.top) * canvas.height / box.height;
  const candidates = $("show-test").checked ? [...data.train, ...data.test] : data.train;
  let best = null, distance = 12 * 12;
  for (const i of candidates) {
    const [px, py] = toCanvas(data.X[i], canvas);
    const d = (px - x) ** 2 + (py - y) ** 2;
    if (d < distance) { best = i; distance = d; }
  }
  if (best !== null) { pause(); followSample(best); }
}
