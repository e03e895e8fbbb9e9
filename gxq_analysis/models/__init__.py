"""Panel regressions and their inference: fit_panel, specification tests, wild bootstrap."""
