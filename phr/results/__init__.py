"""Results from clinical pharmacogenomic tests the person holds (issue 16).

A laboratory's result for a gene outranks what a consumer chip or a VCF says about it; the
rules engine reads these through `phr.rules.clinical`. This package only stores and checks.
"""

from phr.results.model import ClinicalResult, latest_by_gene, list_results
from phr.results.store import add_result, import_outside_calls, remove_result, result_genes

__all__ = [
    "ClinicalResult",
    "add_result",
    "import_outside_calls",
    "latest_by_gene",
    "list_results",
    "remove_result",
    "result_genes",
]
