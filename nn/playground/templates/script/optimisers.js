// The optimisers' updates, as nn.optim writes them.

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
