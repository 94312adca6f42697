"""Benchmarks: chanx consumers against hand-written Channels consumers.

Run ``python -m benchmarks`` (or ``nox -s bench``); see ``docs/benchmarks.md``.
"""
