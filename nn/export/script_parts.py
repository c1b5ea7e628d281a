"""The loss and optimiser sections of the PyTorch script, each with how it maps to nn's."""

from __future__ import annotations

from nn.optim import SGD, AdaGrad, Adam, AdamW, Optimizer, RMSProp
from nn.optim.schedules import ConstantLR, ExponentialDecay, StepDecay

LOSSES = {
    "mse": (
        "mean squared error over every output of every sample in the batch",
        "return torch.nn.functional.mse_loss(predictions, targets)",
    ),
    "sse": (
        "sum of squared errors over the batch (not averaged)",
        "return ((predictions - targets) ** 2).sum()",
    ),
    "mae": (
        "mean absolute error; its derivative at 0 is 0 in both libraries",
        "return torch.nn.functional.l1_loss(predictions, targets)",
    ),
    "binary_cross_entropy": (
        "written out by hand: chainrule clamps p to [1e-7, 1 - 1e-7] (gradient 0 outside),\n"
        "# where torch's binary_cross_entropy clamps the log at -100 instead",
        "p = predictions.clamp(1e-7, 1.0 - 1e-7)\n"
        "    return -(targets * torch.log(p) + (1.0 - targets) * torch.log(1.0 - p)).mean()",
    ),
    "binary_cross_entropy_with_logits": (
        "softplus(z) - y z averaged, with the gradient sigmoid(z) - y in both libraries",
        "return torch.nn.functional.binary_cross_entropy_with_logits(predictions, targets)",
    ),
    "cross_entropy": (
        "logsumexp(z) - z[class], averaged over the batch's samples",
        "return torch.nn.functional.cross_entropy(predictions, targets)",
    ),
    "hinge": (
        "max(0, 1 - y s) averaged, with labels -1 or +1 (relu's derivative at 0 is 0 in both)",
        "return torch.relu(1.0 - targets * predictions).mean()",
    ),
}
"""Each nn loss: what it computes (a comment) and the body of `loss_function`."""


def loss_lines(name: str) -> str:
    """The script's `loss_function(predictions, targets)` for the nn loss called `name`."""
    comment, body = LOSSES[name]
    return (
        f"\n\n# The loss: chainrule's {name!r}: {comment}.\n"
        f"def loss_function(predictions, targets):\n    {body}\n"
    )


def optimizer_lines(optimizer: Optimizer, epochs: int) -> tuple[str, str, str]:
    """The optimiser's section, the line advancing its schedule at the end of an epoch, and
    the lines setting the epoch's learning rate at its start (those two may be empty)."""
    if optimizer.epoch:
        raise ValueError(
            f"the optimizer's schedule is already at epoch {optimizer.epoch}: the script "
            "starts from a fresh optimizer, so create a new one"
        )
    kind = type(optimizer)
    lr = float(optimizer.lr)
    if kind is SGD:
        assert isinstance(optimizer, SGD)
        comment = (
            "g = grad + weight_decay * p; v = momentum * v + g (v starts at 0, so at g);\n"
            "# p -= lr * v, or lr * (g + momentum * v) with nesterov: chainrule's SGD exactly"
        )
        name = "SGD"
        arguments = [
            f"momentum={optimizer.momentum!r}",
            f"nesterov={optimizer.nesterov!r}",
            f"weight_decay={optimizer.weight_decay!r}",
        ]
    elif kind is AdaGrad:
        assert isinstance(optimizer, AdaGrad)
        comment = (
            "G += g**2; p -= lr * g / (sqrt(G) + eps), with G starting at 0\n"
            "# (initial_accumulator_value=0) and no lr_decay: chainrule's AdaGrad exactly"
        )
        name = "Adagrad"
        arguments = [
            f"eps={optimizer.eps!r}",
            f"weight_decay={optimizer.weight_decay!r}",
            "initial_accumulator_value=0.0",
            "lr_decay=0.0",
        ]
    elif kind is RMSProp:
        assert isinstance(optimizer, RMSProp)
        comment = (
            "s = alpha * s + (1 - alpha) * g**2; p -= lr * g / (sqrt(s) + eps): eps outside\n"
            "# the square root in both libraries, no momentum, not centered: chainrule's RMSProp"
        )
        name = "RMSprop"
        arguments = [
            f"alpha={optimizer.alpha!r}",
            f"eps={optimizer.eps!r}",
            f"weight_decay={optimizer.weight_decay!r}",
        ]
    elif kind in (Adam, AdamW):
        assert isinstance(optimizer, Adam)
        decay = "decoupled: p *= 1 - lr * weight_decay first" if kind is AdamW else "L2: added to g"
        comment = (
            "m and v are running averages of g and g**2;\n"
            "# p -= lr * m_hat / (sqrt(v_hat) + eps), m_hat and v_hat corrected for their start\n"
            f"# at 0; weight decay {decay}: chainrule's {kind.__name__}"
        )
        name = kind.__name__
        arguments = [
            f"betas=({optimizer.beta1!r}, {optimizer.beta2!r})",
            f"eps={optimizer.eps!r}",
            f"weight_decay={optimizer.weight_decay!r}",
        ]
    else:
        raise ValueError(
            f"cannot write the optimizer {kind.__name__} into a PyTorch script: use one of "
            "nn.optim's SGD, AdaGrad, RMSProp, Adam or AdamW"
        )
    schedule_text, end_of_epoch, start_of_epoch = _schedule_lines(optimizer, epochs)
    spread = "".join(f"    {a},\n" for a in ["model.parameters()", f"lr={lr!r}", *arguments])
    text = (
        f"\n\n# The optimiser: {comment}.\n"
        f"optimizer = torch.optim.{name}(\n{spread})\n{schedule_text}"
    )
    return text, end_of_epoch, start_of_epoch


def _schedule_lines(optimizer: Optimizer, epochs: int) -> tuple[str, str, str]:
    schedule = optimizer.schedule
    kind = type(schedule)
    if kind is ConstantLR:
        return "", "", ""
    if kind is StepDecay:
        assert isinstance(schedule, StepDecay)
        return (
            f"# The schedule: lr * {schedule.factor!r} ** (epoch // {schedule.every}), advanced "
            "once per epoch (chainrule's StepDecay).\n"
            f"scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size={schedule.every}, "
            f"gamma={schedule.factor!r})\n",
            "    scheduler.step()\n",
            "",
        )
    if kind is ExponentialDecay:
        assert isinstance(schedule, ExponentialDecay)
        return (
            f"# The schedule: lr * {schedule.rate!r} ** epoch, advanced once per epoch "
            "(chainrule's ExponentialDecay).\n"
            "scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, "
            f"gamma={schedule.rate!r})\n",
            "    scheduler.step()\n",
            "",
        )
    rates = ", ".join(repr(float(schedule(epoch))) for epoch in range(epochs))
    return (
        "# The schedule: your schedule function's learning rate for each epoch.\n"
        f"learning_rates = [{rates}]\n",
        "",
        "    for group in optimizer.param_groups:\n        group['lr'] = learning_rates[epoch]\n",
    )
