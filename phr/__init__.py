"""PHR core: the encrypted vault, genome import, rule sets and reports. Never imports Qt."""

__version__ = "0.1.0"
