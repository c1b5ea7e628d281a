"""A linear neuron trained on standardised data, read back as weights in the data's own units."""

from __future__ import annotations

import nn
from nn.data import Standardizer


def weights_in_data_units(
    neuron: nn.Neuron, inputs: Standardizer, target: Standardizer
) -> tuple[list[float], float]:
    """(weights, bias) of y = sum w_i x_i + b on unscaled x and y.

    The neuron computes (y - m_y)/s_y = sum v_i (x_i - m_i)/s_i + c, so
    w_i = s_y v_i / s_i and b = m_y + s_y (c - sum v_i m_i / s_i).
    """
    if inputs.mean is None or inputs.std is None or target.mean is None or target.std is None:
        raise ValueError("fit both Standardizers before reading the weights back")
    m_y, s_y = target.mean[0], target.std[0]
    v = [w.data for w in neuron.w]
    c = neuron.b.data if neuron.b is not None else 0.0
    weights = [s_y * v_i / s_i for v_i, s_i in zip(v, inputs.std)]
    bias = m_y + s_y * (
        c - sum(v_i * m_i / s_i for v_i, m_i, s_i in zip(v, inputs.mean, inputs.std))
    )
    return weights, bias
