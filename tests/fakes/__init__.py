"""Loopback fake services (Crossref, DataCite, GitHub) for tests and benchmarks; see server.py."""
