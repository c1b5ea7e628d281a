"""The playground: one HTML page that trains a small network live in the browser.

`nn.playground(model, X, y, "playground.html")` writes it for your model and data; the page
computes with JavaScript written from the engine's op table (`engine.compiler.javascript`).
"""

from nn.playground.page import Dataset, playground, playground_page

__all__ = ["Dataset", "playground", "playground_page"]
