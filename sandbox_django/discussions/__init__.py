"""Live discussion threads: one ``thread:<id>`` topic per thread, many per socket."""
