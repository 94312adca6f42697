"""In-process tests of the sandbox's apps: models, REST views, consumers, tasks."""
