// The optimisers: each one's update (UPDATES) is written from its rule in nn.optim by
// nn.playground.optimisers; here, the page's regularisation settings and the step count.

function makeOptimizer(s, P) {
  const written = UPDATES[s.optimizer];
  const state = Array.from({ length: written.state }, () => new Float64Array(P));
  return { kind: s.optimizer, lr: s.lr, reg: s.reg, rate: s.regrate, steps: 0, state };
}

function update(opt, vals, grads, P) {
  opt.steps += 1;
  const l2 = opt.reg === "l2" ? opt.rate : 0.0, l1 = opt.reg === "l1" ? opt.rate : 0.0;
  UPDATES[opt.kind].update(vals, grads, opt.state, P, opt.lr, opt.steps, l2, l1);
}
