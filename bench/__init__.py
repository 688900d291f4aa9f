"""Benchmarks at the demo size and at 20 times it: `make bench`, figures in docs/benchmarks.md."""
