"""Wearable exports beyond Apple Health: Fitbit, Garmin (FIT and Connect export), Withings.

One module per source behind a small registry (`registry.SOURCES`), like the genome formats:
each recognises its files by content and streams `EntryRow`s; `phr.lifestyle.importer` stores
them in one transaction with the same duplicate rules as every other import.
"""
