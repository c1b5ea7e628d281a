"""Seeing a graph: pictures (draw, render), names and formulas, the chain rule step by step
(steps, explain) and the browser stepper. Reads the graph through Value's public API; never
changes it. Its public functions are re-exported by `engine`: `engine.draw`, `engine.stepper`.
"""
