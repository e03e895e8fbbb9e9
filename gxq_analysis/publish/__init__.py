"""Build: chapter registry, papermill execution, HTML/PDF export, cache, executors."""
