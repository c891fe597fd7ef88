"""Files: atomic output, tidy long form, checkpoints, the resumable store, provenance."""
