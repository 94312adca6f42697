"""A minimal Django project serving the benchmark consumers."""
