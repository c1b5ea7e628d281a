// Data sets: made from the seed, given by the page's caller, or read from a CSV.

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
