"""The person's medication list and brand/generic name matching."""
