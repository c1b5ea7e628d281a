"use strict";
// chainrule playground: trains a small network in the page. The maths of every op (forward
// and local derivatives) comes from engine.ops.OPS, written as JavaScript by
// engine.compiler.javascript; this script builds graphs from those kernels, runs the chain
// rule over them and draws what happens. Nothing a user wrote is ever parsed as markup:
// text goes in with textContent.
(function () {
  const KERNELS = /*__KERNELS__*/null;
  const CONFIG = JSON.parse(document.getElementById("config").textContent);
  const LIMITS = CONFIG.limits;

  // ---------------------------------------------------------------- Python's random.Random
  // The Mersenne Twister seeded and drawn exactly as CPython does, so that the page's
  // starting weights and sample order are nn.MLP(seed=...)'s and nn.fit(seed=...)'s.
  class PyRandom {
    constructor(seed) {
      this.mt = new Uint32Array(624);
      this.index = 624;
      let n = Math.abs(Math.trunc(seed));
      const key = [];
      do { key.push(n % 4294967296); n = Math.floor(n / 4294967296); } while (n > 0);
      this.initByArray(key);
    }
    initGenrand(s) {
      const mt = this.mt;
      mt[0] = s >>> 0;
      for (let i = 1; i < 624; i++) {
        const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
        mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
      }
      this.index = 624;
    }
    initByArray(key) {
      const mt = this.mt;
      this.initGenrand(19650218);
      let i = 1, j = 0;
      for (let k = Math.max(624, key.length); k > 0; k--) {
        const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
        mt[i] = (((mt[i] ^ Math.imul(prev, 1664525)) >>> 0) + key[j] + j) >>> 0;
        i++; j++;
        if (i >= 624) { mt[0] = mt[623]; i = 1; }
        if (j >= key.length) j = 0;
      }
      for (let k = 623; k > 0; k--) {
        const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
        mt[i] = (((mt[i] ^ Math.imul(prev, 1566083941)) >>> 0) - i) >>> 0;
        i++;
        if (i >= 624) { mt[0] = mt[623]; i = 1; }
      }
      mt[0] = 0x80000000;
    }
    next32() {
      const mt = this.mt;
      if (this.index >= 624) {
        for (let k = 0; k < 624; k++) {
          const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
          mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
        }
        this.index = 0;
      }
      let y = mt[this.index++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      return y >>> 0;
    }
    random() {
      const a = this.next32() >>> 5, b = this.next32() >>> 6;
      return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }
    uniform(a, b) { return a + (b - a) * this.random(); }
    randbelow(n) {
      const k = 32 - Math.clz32(n);
      let r = this.next32() >>> (32 - k);
      while (r >= n) r = this.next32() >>> (32 - k);
      return r;
    }
    shuffle(x) {
      for (let i = x.length - 1; i > 0; i--) {
        const j = this.randbelow(i + 1);
        const t = x[i]; x[i] = x[j]; x[j] = t;
      }
    }
    normal() {  // Box-Muller: for the page's own data sets only
      const u = 1.0 - this.random(), v = this.random();
      return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
  }

  // ---------------------------------------------------------------- choices
  const GENERATED = {
    circle: { name: "Circle", classification: true },
    xor: { name: "XOR", classification: true },
    gauss: { name: "Two Gaussians", classification: true },
    spiral: { name: "Spiral", classification: true },
    plane: { name: "Plane (regression)", classification: false },
    bumps: { name: "Gaussian (regression)", classification: false },
  };
  const FEATURES = {
    x1: { label: "x1", f: (a, b) => a },
    x2: { label: "x2", f: (a, b) => b },
    x1sq: { label: "x1²", f: (a, b) => a * a },
    x2sq: { label: "x2²", f: (a, b) => b * b },
    x1x2: { label: "x1·x2", f: (a, b) => a * b },
    sinx1: { label: "sin x1", f: (a, b) => Math.sin(a) },
    sinx2: { label: "sin x2", f: (a, b) => Math.sin(b) },
  };
  const ACTIVATIONS = {
    tanh: "tanh", sigmoid: "sigmoid", relu: "ReLU", leaky_relu: "leaky ReLU",
    step: "step (threshold)", linear: "linear",
  };
  const OPTIMIZERS = {
    sgd: "SGD", momentum: "Momentum (SGD, 0.9)", adagrad: "AdaGrad", rmsprop: "RMSProp", adam: "Adam",
  };
  const LOSSES = { mse: "Mean squared error", cross_entropy: "Cross-entropy" };
  const REGULARISATION = { none: "None", l1: "L1", l2: "L2" };
  const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  const BATCHES = ["1", "5", "10", "20", "50", "batch"];
  const POINTS = [100, 200, 300, 400, 500, 1000];
  const DEFAULTS = {
    data: "circle", noise: 0, ratio: 50, points: 400, features: "x1,x2",
    layers: "4.tanh,2.tanh", output: "linear", loss: "cross_entropy", optimizer: "sgd",
    lr: 0.1, batch: "10", reg: "none", regrate: 0, seed: 0, classroom: 0,
  };

  function batchLabel(b) {
    if (b === "batch") return "Batch (all samples)";
    if (b === "1") return "Stochastic (1 sample)";
    return "Mini-batch (" + b + ")";
  }

  // ---------------------------------------------------------------- state and the URL hash
  let notes = [];

  function parseState(hash) {
    const state = Object.assign({}, DEFAULTS, CONFIG.state || {});
    notes = [];
    const params = new URLSearchParams(hash.replace(/^#/, ""));
    for (const [key, value] of params) {
      if (!(key in DEFAULTS)) { notes.push("ignored unknown setting " + key); continue; }
      state[key] = value;
    }
    return checkState(state);
  }

  function number(value, low, high, fallback, what) {
    const x = Number(value);
    if (Number.isFinite(x) && x >= low && x <= high) return x;
    notes.push(what + " must be a number from " + low + " to " + high + "; using " + fallback);
    return fallback;
  }

  function checkState(s) {
    const out = {};
    const datasets = [...Object.keys(GENERATED), ...CONFIG.datasets.map((d, i) => String(i))];
    out.data = datasets.includes(String(s.data)) ? String(s.data) : DEFAULTS.data;
    if (out.data !== String(s.data)) notes.push("unknown data set; showing " + out.data);
    out.noise = Math.round(number(s.noise, 0, 50, 0, "noise"));
    out.ratio = Math.round(number(s.ratio, 10, 90, 50, "training share"));
    out.points = Math.round(number(s.points, 10, LIMITS.points, 400, "points"));
    const features = String(s.features).split(",").filter((f) => f in FEATURES);
    out.features = features.length ? [...new Set(features)] : ["x1", "x2"];
    out.hidden = [];
    for (const part of String(s.layers).split(",")) {
      if (!part) continue;
      const [size, activation] = part.split(".");
      const n = Math.round(Number(size));
      if (!(n >= 1 && n <= LIMITS.neurons) || !(activation in ACTIVATIONS)) {
        notes.push("ignored layer " + part);
        continue;
      }
      if (out.hidden.length < LIMITS.layers) out.hidden.push({ size: n, activation: activation });
    }
    out.output = String(s.output) in ACTIVATIONS ? String(s.output) : "linear";
    out.loss = String(s.loss) in LOSSES ? String(s.loss) : DEFAULTS.loss;
    out.optimizer = String(s.optimizer) in OPTIMIZERS ? String(s.optimizer) : "sgd";
    out.lr = number(s.lr, 1e-9, 100, 0.1, "learning rate");
    const batch = String(s.batch);
    out.batch = batch === "batch" || /^[1-9][0-9]{0,4}$/.test(batch) ? batch : "10";
    out.reg = String(s.reg) in REGULARISATION ? String(s.reg) : "none";
    out.regrate = number(s.regrate, 0, 100, 0, "regularisation rate");
    out.seed = Math.round(number(s.seed, 0, 999999, 0, "seed"));
    out.classroom = String(s.classroom) === "1" ? 1 : 0;
    return out;
  }

  function hashOf(s) {
    const p = new URLSearchParams();
    p.set("data", s.data); p.set("noise", s.noise); p.set("ratio", s.ratio);
    p.set("points", s.points); p.set("features", s.features.join(","));
    p.set("layers", s.hidden.map((l) => l.size + "." + l.activation).join(","));
    p.set("output", s.output); p.set("loss", s.loss); p.set("optimizer", s.optimizer);
    p.set("lr", s.lr); p.set("batch", s.batch); p.set("reg", s.reg);
    p.set("regrate", s.regrate); p.set("seed", s.seed); p.set("classroom", s.classroom);
    return "#" + p.toString();
  }

  // ---------------------------------------------------------------- data
  function generate(kind, n, noise, rng) {
    const X = [], y = [];
    const add = (a, b, t) => { X.push([a, b]); y.push(t); };
    const jitter = (scale) => rng.uniform(-scale, scale) * noise;
    if (kind === "circle") {
      const R = 5;
      for (let i = 0; i < n; i++) {
        const inner = i < n / 2;
        const r = inner ? rng.uniform(0, R * 0.5) : rng.uniform(R * 0.7, R);
        const angle = rng.uniform(0, 2 * Math.PI);
        add(r * Math.sin(angle) + jitter(R), r * Math.cos(angle) + jitter(R), inner ? 1 : 0);
      }
    } else if (kind === "xor") {
      for (let i = 0; i < n; i++) {
        let a = rng.uniform(-5, 5), b = rng.uniform(-5, 5);
        a += a > 0 ? 0.3 : -0.3; b += b > 0 ? 0.3 : -0.3;
        add(a + jitter(5), b + jitter(5), a * b >= 0 ? 1 : 0);
      }
    } else if (kind === "gauss") {
      const spread = 0.5 + 3.5 * noise;
      for (let i = 0; i < n; i++) {
        const one = i < n / 2, c = one ? 2 : -2;
        add(c + rng.normal() * spread, c + rng.normal() * spread, one ? 1 : 0);
      }
    } else if (kind === "spiral") {
      const half = Math.floor(n / 2);
      for (let i = 0; i < n; i++) {
        const k = i % half, one = i < half;
        const r = (k / half) * 5, t = (1.75 * k / half) * 2 * Math.PI + (one ? 0 : Math.PI);
        add(r * Math.sin(t) + jitter(1), r * Math.cos(t) + jitter(1), one ? 1 : 0);
      }
    } else if (kind === "plane") {
      for (let i = 0; i < n; i++) {
        const a = rng.uniform(-6, 6), b = rng.uniform(-6, 6);
        add(a, b, (a + b) / 12 + jitter(1));
      }
    } else {
      const bump = (a, b, ca, cb) => Math.exp(-((a - ca) ** 2 + (b - cb) ** 2) / 8);
      for (let i = 0; i < n; i++) {
        const a = rng.uniform(-6, 6), b = rng.uniform(-6, 6);
        add(a, b, bump(a, b, 2, 2) - bump(a, b, -2, -2) + jitter(1));
      }
    }
    return { X: X, y: y };
  }

  let userDataset = null;  // a CSV loaded through the file picker

  function rawDataset(s) {
    const rng = new PyRandom(s.seed);
    if (s.data === "csv" && userDataset) return userDataset;
    if (s.data in GENERATED) {
      const g = GENERATED[s.data];
      const made = generate(s.data, s.points, s.noise / 100, rng);
      return {
        name: g.name, X: made.X, y: made.y, classification: g.classification,
        columns: ["x1", "x2", "y"], source: "made in the page from the seed", standardize: false,
      };
    }
    const d = CONFIG.datasets[Number(s.data)];
    return { name: d.name, X: d.x, y: d.y, classification: d.classification,
      columns: d.columns, source: d.source, standardize: d.standardize };
  }

  function prepareData(s) {
    const raw = rawDataset(s);
    const n = raw.X.length;
    const order = [...Array(n).keys()];
    new PyRandom(s.seed + 1).shuffle(order);
    const trainCount = Math.min(n - 1, Math.max(1, Math.round(n * s.ratio / 100)));
    const train = order.slice(0, trainCount), test = order.slice(trainCount);
    let X = raw.X.map((r) => [r[0], r[1]]), y = raw.y.slice();
    if (raw.standardize) {
      for (let c = 0; c < 2; c++) {
        const { mean, sd } = stats(train.map((i) => X[i][c]));
        X.forEach((r) => { r[c] = (r[c] - mean) / sd; });
      }
      if (!raw.classification) {
        const { mean, sd } = stats(train.map((i) => y[i]));
        y = y.map((t) => (t - mean) / sd);
      }
    }
    let low = Infinity, high = -Infinity;
    X.forEach((r) => { low = Math.min(low, r[0], r[1]); high = Math.max(high, r[0], r[1]); });
    const pad = (high - low) * 0.08 || 1;
    let range = 0;
    y.forEach((t) => { range = Math.max(range, Math.abs(t)); });
    return {
      name: raw.name, columns: raw.columns, source: raw.source, classification: raw.classification,
      X: X, y: y, train: train, test: test, domain: [low - pad, high + pad], range: range || 1,
    };
  }

  function stats(values) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / values.length;
    return { mean: mean, sd: Math.sqrt(variance) || 1 };
  }

  function parseCsv(text, fileName) {
    // Returns {dataset} or {error}; every message names the line it is about.
    if (text.length > 2000000) return { error: fileName + " is over 2 MB: use a smaller file" };
    const lines = text.split(/\r\n|\n|\r/);
    while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
    if (!lines.length) return { error: fileName + " is empty: it needs a header row and data rows" };
    const split = (line) => line.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    const header = split(lines[0]);
    if (header.length < 3) {
      return { error: "line 1: found " + header.length + " columns; a CSV here needs at least 3: x1, x2 and the target last" };
    }
    const X = [], y = [];
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].trim() === "") continue;
      const cells = split(lines[i]);
      if (cells.length !== header.length) {
        return { error: "line " + (i + 1) + ": expected " + header.length + " cells like the header, found " + cells.length };
      }
      const picked = [cells[0], cells[1], cells[cells.length - 1]];
      const names = [header[0], header[1], header[header.length - 1]];
      const values = [];
      for (let c = 0; c < 3; c++) {
        const x = picked[c] === "" ? NaN : Number(picked[c]);
        if (!Number.isFinite(x)) {
          return { error: "line " + (i + 1) + ", column \u201c" + names[c] + "\u201d: \u201c" + picked[c] + "\u201d is not a number" };
        }
        values.push(x);
      }
      X.push([values[0], values[1]]); y.push(values[2]);
      if (X.length > LIMITS.points) return { error: "line " + (i + 1) + ": more than " + LIMITS.points + " rows; the playground shows up to " + LIMITS.points };
    }
    if (X.length < 4) return { error: fileName + " has " + X.length + " data rows: it needs at least 4" };
    const classification = y.every((t) => t === 0 || t === 1);
    return { dataset: {
      name: fileName, X: X, y: y, classification: classification,
      columns: [header[0], header[1], header[header.length - 1]],
      source: "your file " + fileName + " (" + X.length + " rows)", standardize: true,
    } };
  }

  // ---------------------------------------------------------------- the network as a graph
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

  // ---------------------------------------------------------------- optimisers (nn.optim)
  function makeOptimizer(s, P) {
    return {
      kind: s.optimizer, lr: s.lr, reg: s.reg, rate: s.regrate, steps: 0,
      velocity: new Float64Array(P), squares: new Float64Array(P),
      m: new Float64Array(P), v: new Float64Array(P),
    };
  }

  function update(opt, vals, grads, P) {
    opt.steps += 1;
    const lr = opt.lr, rate = opt.rate;
    const l2 = opt.reg === "l2" ? rate : 0.0, l1 = opt.reg === "l1" ? rate : 0.0;
    const gradient = (i) => {
      let g = grads[i] + l2 * vals[i];
      if (l1) g += l1 * Math.sign(vals[i]);
      return g;
    };
    if (opt.kind === "sgd") {  // p = p - lr * g
      for (let i = 0; i < P; i++) vals[i] -= lr * gradient(i);
    } else if (opt.kind === "momentum") {  // v = 0.9 v + g; p = p - lr * v
      for (let i = 0; i < P; i++) {
        const v = 0.9 * opt.velocity[i] + gradient(i);
        opt.velocity[i] = v;
        vals[i] -= lr * v;
      }
    } else if (opt.kind === "adagrad") {  // G = G + g**2; p = p - lr * g / (sqrt(G) + eps)
      for (let i = 0; i < P; i++) {
        const g = gradient(i);
        opt.squares[i] += g * g;
        vals[i] -= lr * g / (Math.sqrt(opt.squares[i]) + 1e-10);
      }
    } else if (opt.kind === "rmsprop") {  // s = a s + (1 - a) g**2; p = p - lr g / (sqrt(s) + eps)
      const alpha = 0.99;
      for (let i = 0; i < P; i++) {
        const g = gradient(i);
        opt.squares[i] = alpha * opt.squares[i] + (1.0 - alpha) * g * g;
        vals[i] -= lr * g / (Math.sqrt(opt.squares[i]) + 1e-8);
      }
    } else {  // Adam, with the start-up bias corrected
      const b1 = 0.9, b2 = 0.999, t = opt.steps;
      const c1 = 1.0 - b1 ** t, c2 = 1.0 - b2 ** t;
      for (let i = 0; i < P; i++) {
        const g = gradient(i);
        opt.m[i] = b1 * opt.m[i] + (1.0 - b1) * g;
        opt.v[i] = b2 * opt.v[i] + (1.0 - b2) * g * g;
        vals[i] -= lr * (opt.m[i] / c1) / (Math.sqrt(opt.v[i] / c2) + 1e-8);
      }
    }
  }

  // ---------------------------------------------------------------- the training session
  let state, data, model, rows, optimizer, trainRng, order, position, epoch, stepsTaken;
  let startWeights, curves, diverged, playing = false;
  let configWeights = CONFIG.weights;  // the caller's model: used until the shape changes

  function featureRows(d, s) {
    const fs = s.features.map((f) => FEATURES[f].f);
    return { features: d.X.map((r) => fs.map((f) => f(r[0], r[1]))), y: d.y };
  }

  function rebuild(keepWeights) {
    data = prepareData(state);
    if (!data.classification && state.loss === "cross_entropy") state.loss = "mse";
    const previous = model;
    model = buildModel(state, data);
    rows = featureRows(data, state);
    if (configWeights && configWeights.length === model.P) {
      startWeights = Float64Array.from(configWeights);
    } else {
      configWeights = null;
      startWeights = initialWeights(model, state.seed);
    }
    resetTraining();
    if (keepWeights && previous && previous.P === model.P) {  // a new optimiser or batch size:
      model.vals.set(previous.vals.subarray(0, model.P));  // train on from here; Reset starts over
      curves = { train: [], test: [] };
      recordLosses();
    }
  }

  function resetTraining() {
    model.vals.set(startWeights);
    optimizer = makeOptimizer(state, model.P);
    trainRng = new PyRandom(state.seed);
    order = data.train.map((_, i) => i);
    position = 0; epoch = 0; stepsTaken = 0; diverged = "";
    curves = { train: [], test: [] };
    recordLosses();
  }

  function batchSize() {
    const n = data.train.length;
    return state.batch === "batch" ? n : Math.min(Number(state.batch), n);
  }

  function trainStep() {
    if (diverged) return false;
    if (position === 0) trainRng.shuffle(order);
    const size = batchSize();
    const batch = order.slice(position, position + size);
    const { grads, P } = model;
    for (let i = 0; i < P; i++) grads[i] = 0.0;
    const seed = batch.length === 1 ? 1.0 : 1.0 / batch.length;  // d mean / d each sample's loss
    for (const b of batch) {
      const i = data.train[b], t = rows.y[i];
      setSample(model, rows.features[i], t);
      forward(model, model.inner.length);
      backward(model, model.lossNodes[lossIndex(model, t)], seed);
    }
    update(optimizer, model.vals, grads, P);
    stepsTaken += 1;
    position += size;
    for (let i = 0; i < P; i++) {
      if (!Number.isFinite(model.vals[i])) {
        diverged = "training diverged at step " + stepsTaken + ": lower the learning rate and Reset";
        break;
      }
    }
    if (position >= order.length) {
      position = 0; epoch += 1;
      recordLosses();
    }
    return !diverged;
  }

  function recordLosses() {
    const weights = model.vals.slice(0, model.P);
    curves.train.push(meanLoss(model, rows, data.train));
    curves.test.push(meanLoss(model, rows, data.test));
    model.vals.set(weights);
    if (curves.train.length > 1000) { curves.train.shift(); curves.test.shift(); }
  }

  // ---------------------------------------------------------------- drawing
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

  // ---------------------------------------------------------------- one sample's chain rule
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

  // ---------------------------------------------------------------- controls
  function fill(select, options, value) {
    select.replaceChildren();
    for (const [key, label] of Object.entries(options)) {
      const option = document.createElement("option");
      option.value = key; option.textContent = label;
      select.appendChild(option);
    }
    if (!(String(value) in options)) {
      const option = document.createElement("option");
      option.value = String(value); option.textContent = String(value);
      select.appendChild(option);
    }
    select.value = String(value);
  }

  function syncControls() {
    fill($("lr"), Object.fromEntries(RATES.map((r) => [String(r), String(r)])), state.lr);
    fill($("optimizer"), OPTIMIZERS, state.optimizer);
    fill($("batch"), Object.fromEntries(BATCHES.map((b) => [b, batchLabel(b)])), state.batch);
    const losses = data.classification ? LOSSES : { mse: LOSSES.mse };
    fill($("loss"), losses, state.loss);
    fill($("reg"), REGULARISATION, state.reg);
    fill($("regrate"), Object.fromEntries(REG_RATES.map((r) => [String(r), String(r)])), state.regrate);
    fill($("points"), Object.fromEntries(POINTS.map((p) => [String(p), String(p)])), state.points);
    fill($("output"), ACTIVATIONS, state.output);
    $("seed").value = String(state.seed);
    $("noise").value = String(state.noise); $("noise-value").textContent = state.noise + "%";
    $("ratio").value = String(state.ratio); $("ratio-value").textContent = state.ratio + "%";
    $("classroom").checked = state.classroom === 1;
    document.body.classList.toggle("classroom", state.classroom === 1);
    const buttons = $("datasets");
    buttons.replaceChildren();
    const all = [...Object.entries(GENERATED).map(([k, g]) => [k, g.name]),
      ...CONFIG.datasets.map((d, i) => [String(i), d.name])];
    if (userDataset) all.push(["csv", userDataset.name]);
    for (const [key, name] of all) {
      const b = button(name, () => { state.data = key; changed(); });
      b.className = key === state.data ? "chosen" : "";
      buttons.appendChild(b);
    }
    $("data-source").textContent = data.name + ": " + data.source + "; " + data.columns[2] +
      " from " + data.columns[0] + " (x1) and " + data.columns[1] + " (x2)" +
      (notes.length ? ". Note: " + notes.join("; ") : "");
    $("remove-layer").disabled = state.hidden.length === 0;
    $("add-layer").disabled = state.hidden.length >= LIMITS.layers;
  }

  function updateLink() {
    const hash = hashOf(state);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    $("link").value = location.href;
  }

  function changed(keepWeights) {
    pause();
    rebuild(keepWeights);
    networkBuilt = null;
    selected = null; frames = [];
    clearStepper();
    syncControls();
    updateLink();
    redraw();
  }

  function clearStepper() {
    $("status").textContent = ""; $("terms").replaceChildren(); $("nodes").replaceChildren();
    $("prev").disabled = $("next").disabled = $("to-end").disabled = true;
    $("sample").textContent = "Click a data point in the output to follow its forward and backward pass.";
  }

  function toggleFeature(f) {
    if (state.classroom) return;
    const on = state.features.includes(f);
    if (on && state.features.length === 1) return;
    state.features = on ? state.features.filter((g) => g !== f) : Object.keys(FEATURES).filter((g) => g === f || state.features.includes(g));
    changed();
  }

  function redraw() {
    computeGrid();
    drawOutput();
    drawNetwork();
    drawCurve();
    $("epoch").textContent = String(epoch).padStart(3, "0");
    $("steps").textContent = String(stepsTaken);
    if (diverged) {
      $("csv-message").textContent = diverged;
      $("csv-message").className = "error";
    }
  }

  // Training in slices: about 10 ms of steps per animation frame, then a redraw (~6 ms).
  function loop() {
    if (!playing) return;
    const started = performance.now();
    while (performance.now() - started < 10) {
      if (!trainStep()) { pause(); break; }
    }
    redraw();
    if (playing) requestAnimationFrame(loop);
  }

  function play() { if (!playing && !diverged) { playing = true; $("play").textContent = "Pause"; requestAnimationFrame(loop); } }
  function pause() { playing = false; $("play").textContent = "Play"; }

  function wire() {
    $("play").addEventListener("click", () => (playing ? pause() : play()));
    $("step").addEventListener("click", () => { pause(); trainStep(); redraw(); });
    $("reset").addEventListener("click", () => { pause(); resetTraining(); $("csv-message").textContent = ""; redraw(); });
    const set = (id, key, convert) => $(id).addEventListener("change", () => {
      state[key] = convert($(id).value);
      if (key === "lr" || key === "reg" || key === "regrate") {  // keep the weights, new optimiser settings
        Object.assign(optimizer, { lr: state.lr, reg: state.reg, rate: state.regrate });
        updateLink();
      } else {
        changed(key === "optimizer" || key === "batch");
      }
    });
    set("lr", "lr", Number); set("optimizer", "optimizer", String); set("batch", "batch", String);
    set("loss", "loss", String); set("reg", "reg", String); set("regrate", "regrate", Number);
    set("points", "points", Number); set("output", "output", String);
    set("seed", "seed", (v) => Math.max(0, Math.min(999999, Math.round(Number(v) || 0))));
    set("noise", "noise", Number); set("ratio", "ratio", Number);
    $("classroom").addEventListener("change", () => {
      state.classroom = $("classroom").checked ? 1 : 0;
      document.body.classList.toggle("classroom", state.classroom === 1);
      updateLink();
    });
    $("add-layer").addEventListener("click", () => {
      if (state.hidden.length < LIMITS.layers) { state.hidden.push({ size: 2, activation: "tanh" }); changed(); }
    });
    $("remove-layer").addEventListener("click", () => { state.hidden.pop(); changed(); });
    $("heatmap").addEventListener("click", clickOutput);
    $("show-test").addEventListener("change", drawOutput);
    $("prev").addEventListener("click", () => { if (frame > 0) { frame -= 1; showFrame(); } });
    $("next").addEventListener("click", () => { if (frame < frames.length - 1) { frame += 1; showFrame(); } });
    $("to-end").addEventListener("click", () => { frame = frames.length - 1; showFrame(); });
    $("editor").querySelector("button").addEventListener("click", applyEdit);
    $("editor").querySelector("input").addEventListener("keydown", (e) => {
      if (e.key === "Enter") applyEdit();
      if (e.key === "Escape") $("editor").hidden = true;
    });
    $("csv").addEventListener("change", () => {
      const file = $("csv").files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onerror = () => { $("csv-message").textContent = "could not read " + file.name; };
      reader.onload = () => {
        const parsed = parseCsv(String(reader.result), file.name);
        const message = $("csv-message");
        if (parsed.error) {
          message.textContent = parsed.error;
          message.className = "error";
          return;
        }
        userDataset = parsed.dataset;
        message.className = "";
        message.textContent = "loaded " + parsed.dataset.X.length + " rows: " +
          parsed.dataset.columns[2] + " from " + parsed.dataset.columns[0] + " and " +
          parsed.dataset.columns[1] + (parsed.dataset.classification ? " (classes 0 and 1)" : " (regression)");
        state.data = "csv";
        changed();
      };
      reader.readAsText(file);
    });
    window.addEventListener("hashchange", () => {
      if (location.hash === hashOf(state)) return;
      state = parseState(location.hash);
      changed();
    });
  }

  // ---------------------------------------------------------------- start, and a test hook
  $("title").textContent = CONFIG.title;
  document.title = CONFIG.title;
  state = parseState(location.hash);
  rebuild(false);
  wire();
  syncControls();
  updateLink();
  redraw();

  window.chainrule = {
    train(steps) { pause(); for (let i = 0; i < steps; i++) if (!trainStep()) break; redraw(); return stepsTaken; },
    trainEpochs(n) { pause(); const target = epoch + n; while (epoch < target && trainStep()) {} redraw(); return epoch; },
    getWeights() { return Array.from(model.vals.slice(0, model.P)); },
    parameterNames() { return model.nodes.slice(0, model.P).map((n) => n.name); },
    trainingSet() { return { X: data.train.map((i) => rows.features[i]), y: data.train.map((i) => rows.y[i]) }; },
    batchesPerEpoch() { return Math.ceil(data.train.length / batchSize()); },
    state() { return JSON.parse(JSON.stringify(state)); },
    progress() { return { epoch: epoch, steps: stepsTaken, diverged: diverged }; },
    pointPosition(i) {  // where training sample i is drawn, in CSS pixels from the page's corner
      const canvas = $("heatmap"), box = canvas.getBoundingClientRect();
      const [x, y] = toCanvas(data.X[data.train[i]], canvas);
      return [box.left + x * box.width / canvas.width, box.top + y * box.height / canvas.height];
    },
    follow(i) { followSample(data.train[i]); return frames.length; },
    followedSample() { return selected === null ? null : { x: rows.features[selected], y: rows.y[selected] }; },
    format(x) { return fmt(x); },
    sampleGradients() { return Object.assign({}, sampleGrads); },
    drawTime(times) {  // ms to redraw everything once (what each animation frame adds)
      const started = performance.now();
      for (let i = 0; i < times; i++) redraw();
      return (performance.now() - started) / times;
    },
    benchmark(epochs) {  // ms per epoch of training, nothing drawn
      pause();
      const started = performance.now();
      const target = epoch + epochs;
      while (epoch < target && trainStep()) {}
      return (performance.now() - started) / epochs;
    },
  };
})();
