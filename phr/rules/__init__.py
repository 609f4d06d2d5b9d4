"""Bundled rule sets and the interpretation engine (PGx calls, medication and prevention notes)."""
