"""Benchmarks: not tests. Each prints its figures and a baseline measured in the same run."""
