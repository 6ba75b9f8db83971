"""NLP layer: one spaCy pipeline per process, and the extractors that run once at ingest."""
