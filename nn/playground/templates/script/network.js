// The network as a graph of op-table kernels: forward, then the chain rule backward.

// One graph per architecture: parameter leaves first (in nn's parameters() order), then
// the features, the target, every neuron (a dot node and its activation), and the loss.
function buildModel(s, data) {
  const nin = s.features.length;
  const outputs = data.classification && s.loss === "cross_entropy" ? 2 : 1;
  const widths = [nin, ...s.hidden.map((l) => l.size), outputs];
  const activations = [...s.hidden.map((l) => l.activation), s.output];
  const nodes = [];  // {name, kernel, inputs, expr, role, layer, neuron}
  const leaf = (name, role, extra) => { nodes.push(Object.assign({ name: name, kernel: null, inputs: [], role: role }, extra)); return nodes.length - 1; };
  const op = (key, inputs, name, expr, extra) => {
    const kernel = KERNELS[key];
    if (!kernel) throw new Error("no kernel " + key);
    nodes.push(Object.assign({ name: name, kernel: kernel, key: key, inputs: inputs, expr: expr, role: "op" }, extra));
    return nodes.length - 1;
  };
  const layout = [];
  for (let l = 1; l < widths.length; l++) {
    const neurons = [];
    for (let j = 0; j < widths[l]; j++) {
      const w = [];
      for (let i = 0; i < widths[l - 1]; i++) w.push(leaf("layers." + (l - 1) + ".neurons." + j + ".w." + i, "parameter", { layer: l, neuron: j, from: i }));
      const b = leaf("layers." + (l - 1) + ".neurons." + j + ".b", "parameter", { layer: l, neuron: j, from: -1 });
      neurons.push({ w: w, b: b });
    }
    layout.push(neurons);
  }
  const P = nodes.length;
  const features = s.features.map((f) => leaf(FEATURES[f].label, "input", { feature: f }));
  const target = leaf("y", "target");
  let h = features;
  const neuronNodes = [];  // per layer, per neuron: the node showing its output
  for (let l = 1; l < widths.length; l++) {
    const next = [], last = l === widths.length - 1;
    for (let j = 0; j < widths[l]; j++) {
      const { w, b } = layout[l - 1][j];
      const base = last ? (widths[l] === 1 ? "out" : "out" + (j + 1)) : "h" + l + "." + (j + 1);
      const act = activations[l - 1];
      const zName = act === "linear" ? base : "z" + (last ? "_" + base : l + "." + (j + 1));
      const inputNames = h.map((k) => nodes[k].name).join(", ");
      const z = op("dot/" + (2 * h.length + 1), [...w, ...h, b], zName,
        "w · [" + inputNames + "] + b of layers." + (l - 1) + ".neurons." + j, { layer: l, neuron: j });
      let a = z;
      if (act !== "linear") {
        const key = act === "leaky_relu" ? "leaky_relu/1/" + repr(CONFIG.leaky_slope) : act + "/1";
        a = op(key, [z], base, act + "(" + zName + ")", { layer: l, neuron: j });
      }
      next.push(a);
    }
    neuronNodes.push(next);
    h = next;
  }
  const lossNodes = [];
  let counter = 0;
  const fresh = () => "n" + (++counter);
  if (outputs === 1) {
    const out = h[0];
    const error = op("-/2", [out, target], fresh(), nodes[out].name + " - y");
    lossNodes.push(op("**/1/2.0", [error], "loss", nodes[error].name + " ** 2"));
  } else {
    // logsumexp(z) - z_c as nn.losses.cross_entropy builds it: max(z) = z1 + relu(z2 - z1)
    const [z1, z2] = h;
    const name = (k) => nodes[k].name;
    const d = op("-/2", [z2, z1], fresh(), name(z2) + " - " + name(z1));
    const r = op("relu/1", [d], fresh(), "relu(" + name(d) + ")");
    const m = op("+/2", [z1, r], fresh(), name(z1) + " + " + name(r));
    const e = [z1, z2].map((z) => {
      const shifted = op("-/2", [z, m], fresh(), name(z) + " - " + name(m));
      return op("exp/1", [shifted], fresh(), "exp(" + name(shifted) + ")");
    });
    const total = op("sum/2", e, fresh(), "sum(" + name(e[0]) + ", " + name(e[1]) + ")");
    const lg = op("log/1", [total], fresh(), "log(" + name(total) + ")");
    const lse = op("+/2", [lg, m], fresh(), name(lg) + " + " + name(m));
    lossNodes.push(op("-/2", [lse, z1], "loss", name(lse) + " - " + name(z1) + "   (class 0)"));
    lossNodes.push(op("-/2", [lse, z2], "loss", name(lse) + " - " + name(z2) + "   (class 1)"));
  }
  const count = nodes.length;
  const inner = [];
  const args = [];
  const inputs = [];
  nodes.forEach((node, k) => {
    inputs.push(Int32Array.from(node.inputs));
    args.push(new Array(node.inputs.length).fill(0));
    if (node.kernel) inner.push(k);
  });
  return {
    nodes: nodes, P: P, widths: widths, activations: activations, layout: layout,
    features: features, target: target, neuronNodes: neuronNodes, lossNodes: lossNodes,
    outputs: h, inner: Int32Array.from(inner), args: args, inputs: inputs,
    kernels: nodes.map((n) => n.kernel), vals: new Float64Array(count), grads: new Float64Array(count),
  };
}

function repr(x) {  // Python's repr of a float, as the kernel keys spell it
  const text = String(x);
  return /^-?\d+$/.test(text) ? text + ".0" : text;
}

function initialWeights(model, seed) {
  const rng = new PyRandom(seed), w = new Float64Array(model.P);
  model.layout.forEach((neurons, l) => {
    const bound = 1.0 / Math.sqrt(model.widths[l]);
    neurons.forEach((n) => {
      n.w.forEach((k) => { w[k] = rng.uniform(-bound, bound); });
      w[n.b] = 0.0;
    });
  });
  return w;
}

function setSample(model, features, t) {
  const vals = model.vals;
  model.features.forEach((k, i) => { vals[k] = features[i]; });
  vals[model.target] = t;
}

// Forward over the inner nodes up to `stop` (exclusive index into inner).
function forward(model, stop) {
  const { vals, inner, args, inputs, kernels } = model;
  for (let q = 0; q < stop; q++) {
    const k = inner[q], a = args[k], ins = inputs[k];
    for (let i = 0; i < ins.length; i++) a[i] = vals[ins[i]];
    vals[k] = kernels[k].forward(a);
  }
}

function lossIndex(model, t) { return model.lossNodes.length === 1 ? 0 : t; }

// d loss / d node for every node, added onto the parameters' grads (the batch's sum).
function backward(model, lossNode, seed) {
  const { vals, grads, inner, args, inputs, kernels, P } = model;
  for (let q = 0; q < inner.length; q++) grads[inner[q]] = 0.0;
  grads[lossNode] = seed;
  for (let q = inner.length - 1; q >= 0; q--) {
    const k = inner[q];
    if (k !== lossNode && model.lossNodes.includes(k)) continue;
    const g = grads[k], ins = inputs[k];
    const local = kernels[k].derivative(vals[k], args[k]);
    for (let i = 0; i < ins.length; i++) grads[ins[i]] += g * local[i];
  }
  return P;
}

function sampleLoss(model, features, t) {
  setSample(model, features, t);
  forward(model, model.inner.length);
  return model.vals[model.lossNodes[lossIndex(model, t)]];
}

function meanLoss(model, rows, indices) {
  if (!indices.length) return NaN;
  let total = 0;
  for (const i of indices) total += sampleLoss(model, rows.features[i], rows.y[i]);
  return total / indices.length;
}
