"""Benchmarks: chainrule against reference implementations, ratios printed from one run."""
