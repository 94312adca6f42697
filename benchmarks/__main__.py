"""``python -m benchmarks``: run the benchmark suite and print the table."""

from benchmarks.runner import main

if __name__ == "__main__":
    raise SystemExit(main())
