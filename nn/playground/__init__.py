"""The playground: one HTML page that trains a small network live in the browser.

`nn.playground(model, X, y, "playground.html")` writes it for your model and data; the page
computes with JavaScript written from the engine's op table (`engine.compiler.javascript`).
"""

from nn.playground.dataset import Dataset
from nn.playground.for_model import playground
from nn.playground.page import playground_page

__all__ = ["Dataset", "playground", "playground_page"]
