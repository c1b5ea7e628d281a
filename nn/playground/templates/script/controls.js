// Controls: the settings, the buttons, the file picker, and training while playing.

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
  fill($("loss"), losses, data.classification ? state.loss : "mse");
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
