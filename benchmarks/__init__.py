"""Benchmarks: a seeded synthetic corpus, ingest throughput, dashboard query times, memory and a load test."""
