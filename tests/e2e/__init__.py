"""End-to-end tests: the sandbox project under real daphne processes."""
