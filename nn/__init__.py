"""chainrule's neural-network library, built from `engine.Value`s.

model = nn.MLP(2, [8, 8, 1], seed=0)
history = nn.fit(model, X, y, loss="mse", optimizer=nn.optim.Adam(model.parameters()))
model.save("model.json"); model = nn.load("model.json")
"""

from nn import data, export, losses, metrics, optim
from nn.activations import ACTIVATIONS
from nn.batch_step import BatchStep, graph_batch_step
from nn.compiled_sgd import compiled_sgd
from nn.fit import fit
from nn.history import History, TrainingDiverged
from nn.layers import MLP, Layer, Neuron
from nn.module import Module
from nn.playground import playground
from nn.serialize import ModelFileError, load, save
from nn.softmax import log_softmax, logsumexp, softmax

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "BatchStep",
    "History",
    "Layer",
    "ModelFileError",
    "Module",
    "Neuron",
    "TrainingDiverged",
    "compiled_sgd",
    "data",
    "export",
    "fit",
    "graph_batch_step",
    "load",
    "log_softmax",
    "logsumexp",
    "losses",
    "metrics",
    "optim",
    "playground",
    "save",
    "softmax",
]
