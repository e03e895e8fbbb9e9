"""Plan evaluation measures: benchmarks and progress, outlook, radiation, DiD, key tasks, findings."""
