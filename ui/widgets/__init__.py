"""Reusable widgets that pages embed."""
