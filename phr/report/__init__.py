"""Doctor export: a clinician-ready PDF, a FHIR R4 bundle and CSV files."""
