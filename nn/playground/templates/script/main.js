// Start the page, and a small hook for tests and benchmarks.

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
