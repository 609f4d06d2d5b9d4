"""Genomes: import of consumer raw data and sequencing VCFs, storage, and coverage queries."""
