// The page's choices, its state, and the state as the URL hash.

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
