// The training session: batches in nn.fit's order, losses per epoch.

let state, data, model, rows, optimizer, trainRng, order, position, epoch, stepsTaken;
let startWeights, curves, diverged, playing = false;
let configWeights = CONFIG.weights;  // the caller's model: used until the shape changes

function featureRows(d, s) {
  const fs = s.features.map((f) => FEATURES[f].f);
  return { features: d.X.map((r) => fs.map((f) => f(r[0], r[1]))), y: d.y };
}

function rebuild(keepWeights) {
  data = prepareData(state);
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
