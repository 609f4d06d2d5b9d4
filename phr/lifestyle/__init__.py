"""Lifestyle logs: entries, units, CSV and Apple Health import, summaries and charts."""
