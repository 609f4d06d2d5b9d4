"""Bundled rule sets and the interpretation engine (PGx calls, medication and prevention notes).

Public API: `interpret(vault, genome=None, *, medications=(), lifestyle=None) -> Findings`,
`phr.rules.ruleset.load_rule_set()`, `phr.rules.optins.get_optins/set_optin`,
`phr.rules.inputs.gather_inputs`.
"""

from phr.rules.engine import call_genes, interpret

__all__ = ["call_genes", "interpret"]
