"""Client scripts shown in ``docs/sandbox.md`` (run by the e2e tests)."""
