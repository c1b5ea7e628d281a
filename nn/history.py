"""`History`: what `nn.fit` measured in each epoch, and `TrainingDiverged`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class History:
    """Per-epoch measurements of a training run; index i is epoch i + 1."""

    train_loss: list[float] = field(default_factory=list)
    """The epoch's batch losses averaged, weighted by batch size (as the weights moved)."""
    validation_loss: list[float] = field(default_factory=list)
    """The loss on the validation set after each epoch; empty without validation."""
    learning_rate: list[float] = field(default_factory=list)
    gradient_norm: list[float] = field(default_factory=list)
    """sqrt(sum of grad**2) over the parameters, at the epoch's last batch."""
    weight_change: list[float] = field(default_factory=list)
    """The largest |change| of any parameter over the epoch (what `tol` is compared with)."""
    epoch_time: list[float] = field(default_factory=list)
    """Wall-clock seconds per epoch."""
    stopped_early: bool = False
    """True when the weights stopped changing (by `tol`) before the last epoch."""

    @property
    def epochs(self) -> int:
        """How many epochs ran."""
        return len(self.train_loss)

    def __repr__(self) -> str:
        if not self.train_loss:
            return "History(no epochs)"
        last = f"train_loss={self.train_loss[-1]:.6g}"
        if self.validation_loss:
            last += f", validation_loss={self.validation_loss[-1]:.6g}"
        early = ", stopped early" if self.stopped_early else ""
        return f"History({self.epochs} epochs, {last}{early})"


class TrainingDiverged(ArithmeticError):
    """The loss or a parameter became NaN or infinite; the parameters were put back to the
    last values whose loss was finite."""

    def __init__(self, epoch: int, batch: int, what: str, lr: float, history: History) -> None:
        """`what` went wrong ("the loss became nan", ...); epoch and batch count from 1."""
        self.epoch, self.batch, self.history = epoch, batch, history
        super().__init__(
            f"training diverged at epoch {epoch}, batch {batch}: {what}. "
            f"Try a smaller learning rate (it was {lr:g}), or standardize the inputs. "
            "The parameters were restored to the last values whose loss was finite."
        )
