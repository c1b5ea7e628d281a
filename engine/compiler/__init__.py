"""Compiling a graph: trace a function once on Values (tracing), run the op table's rules on
symbols (symbolic), write straight-line Python (codegen) and wrap it (compiled). Its public
function is re-exported by `engine` as `engine.compile`.
"""
