"""Suite-wide pytest configuration."""

# The build tests' fixture notebooks (one of them fails on purpose) are inputs of those tests,
# not chapters: keep ``pytest --nbval`` from collecting them.
collect_ignore_glob = ["publish/fixtures/*"]
