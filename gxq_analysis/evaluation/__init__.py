"""Plan evaluation: benchmarks and progress, outlook, radiation, DiD, key tasks, findings."""
