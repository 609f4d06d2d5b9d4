"""Loading the bundled rule set: YAML files, checked against a JSON Schema and for consistency.

A broken rule file is a packaging bug, not a user error we can work around: loading fails
loudly with `RuleSetError` naming the file and the field, and nothing is interpreted with
half a rule set. The default rule set is loaded once per process (`load_rule_set()` is cached).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from phr.datacache import checked_documents
from phr.errors import RuleSetError
from phr.genome.model import Build
from phr.meds.model import DRUG_CLASSES
from phr.rules.definitions import (
    ActivityRange,
    AlleleDef,
    BuildPosition,
    CaveatLimit,
    Clause,
    ClinicalTable,
    Fallback,
    GeneDef,
    HlaAlleleDef,
    IndelDef,
    NoteRule,
    OptinTopic,
    Outcome,
    PhenotypeRule,
    RuleSet,
    VariantDef,
)
from phr.rules.hla import load_hla_alleles
from phr.rules.model import Category, NoteStatus, Source

log = logging.getLogger(__name__)

RULES_VERSION_DIR = "v1"
MANIFEST = "ruleset.yaml"


def default_rules_dir() -> Traversable:
    return resources.files("resources").joinpath("rules", RULES_VERSION_DIR)


def _schema() -> dict[str, Any]:
    text = resources.files("resources").joinpath("rules", "schema", "ruleset.schema.json")
    loaded: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return loaded


@lru_cache(maxsize=1)
def _default_rule_set() -> RuleSet:
    return _load(default_rules_dir())


def forget_loaded_rule_set() -> None:
    """Drop the cached rule set (benchmarks measure a cold load; tests after a data edit)."""
    _default_rule_set.cache_clear()


def load_rule_set(directory: Path | None = None) -> RuleSet:
    """The bundled rule set (cached), or the one in `directory` (not cached; for tests)."""
    if directory is None:
        return _default_rule_set()
    return _load(directory)


# -- reading and schema -----------------------------------------------------------------------


def _read_text(folder: Traversable | Path, name: str) -> str:
    try:
        return folder.joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"Rule file {name} cannot be read ({type(exc).__name__}).") from exc


def _read_yaml(folder: Traversable | Path, name: str) -> Any:
    import yaml  # only on a cache miss: the checked documents are usually cached

    text = _read_text(folder, name)
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        raise RuleSetError(f"Rule file {name}{line} is not valid YAML.") from exc


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _validate(document: Any, definition: str, name: str, schema: dict[str, Any]) -> None:
    import jsonschema  # about 0.1 s to import: only on a cache miss

    wrapped = {**schema, "$ref": f"#/$defs/{definition}"}
    validator = jsonschema.Draft202012Validator(wrapped)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        field = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise RuleSetError(f"Rule file {name}: field {field}: {_short(error.message)}")


def _short(message: str) -> str:
    return message if len(message) < 160 else message[:157] + "..."


def _documents(folder: Traversable | Path) -> dict[str, Any]:
    """The manifest, genes and notes files, parsed and schema-checked (cached by content)."""
    texts = {
        entry.name: _read_text(folder, entry.name)
        for entry in folder.iterdir()
        if entry.name.endswith((".yaml", ".yml"))
    }
    texts["schema"] = json.dumps(_schema(), sort_keys=True)
    return checked_documents("rules", texts, lambda: _checked_documents(folder))


def _checked_documents(folder: Traversable | Path) -> dict[str, Any]:
    schema = _schema()
    manifest = _read_yaml(folder, MANIFEST)
    _validate(manifest, "manifest", MANIFEST, schema)
    genes_file = manifest["files"]["genes"]
    genes_doc = _read_yaml(folder, genes_file)
    _validate(genes_doc, "genesFile", genes_file, schema)
    notes = {}
    for notes_file in manifest["files"]["notes"]:
        doc = _read_yaml(folder, notes_file)
        _validate(doc, "notesFile", notes_file, schema)
        notes[notes_file] = doc
    hla_doc: Any = {"alleles": {}}
    if "hla" in manifest["files"]:
        hla_doc = _read_yaml(folder, manifest["files"]["hla"])
        _validate(hla_doc, "hlaFile", manifest["files"]["hla"], schema)
    return {"manifest": manifest, "genes": genes_doc, "notes": notes, "hla": hla_doc}


def _load(folder: Traversable | Path) -> RuleSet:
    documents = _documents(folder)
    manifest = documents["manifest"]
    genes_file = manifest["files"]["genes"]
    genes_doc = documents["genes"]
    genes = {name: _gene(name, raw, genes_file) for name, raw in genes_doc["genes"].items()}
    hla = load_hla_alleles(documents.get("hla", {"alleles": {}}), genes)
    optins = {
        key: OptinTopic(key, raw["title"], raw["can_say"], raw["cannot_say"])
        for key, raw in manifest["optins"].items()
    }
    notes: list[NoteRule] = []
    for notes_file, doc in documents["notes"].items():
        for index, raw in enumerate(doc["notes"]):
            notes.append(_note(raw, f"{notes_file}: field notes/{index}", genes, optins, hla))
    seen: set[str] = set()
    for note in notes:
        if note.id in seen:
            raise RuleSetError(f"Rule files: note id {note.id} is used twice.")
        seen.add(note.id)
    defaults = {k: dict(v) for k, v in manifest["defaults"].items() if isinstance(v, dict)}
    rule_set = RuleSet(
        version=manifest["version"],
        released=manifest["released"],
        sources=tuple(_sources(manifest["sources"])),
        genes=genes,
        notes=tuple(notes),
        optins=optins,
        defaults=defaults,
        limits=manifest["defaults"]["limits"].strip(),
        hla=hla,
    )
    log.info(
        "rule set loaded version=%s genes=%d notes=%d", rule_set.version, len(genes), len(notes)
    )
    return rule_set


def _sources(raw: Sequence[Mapping[str, str]]) -> list[Source]:
    return [Source(label=s["label"], pmid=s.get("pmid")) for s in raw]


# -- genes ------------------------------------------------------------------------------------


def _gene(name: str, raw: dict[str, Any], file: str) -> GeneDef:
    where = f"Rule file {file}: field genes/{name}"
    variants = tuple(_variant(v, raw["chrom"]) for v in raw["variants"])
    by_rsid = {v.rsid: v for v in variants}
    if len(by_rsid) != len(variants):
        raise RuleSetError(f"{where}/variants: an rsID is listed twice.")
    references = [a for a in raw["alleles"] if a.get("reference")]
    if len(references) != 1:
        raise RuleSetError(f"{where}/alleles: exactly one allele must be the reference.")
    ref_bases = references[0]["bases"]
    if set(ref_bases) != set(by_rsid):
        raise RuleSetError(
            f"{where}/alleles: the reference allele must give a base for every variant."
        )
    alleles = tuple(
        _allele(a, ref_bases, by_rsid, f"{where}/alleles/{i}") for i, a in enumerate(raw["alleles"])
    )
    if len({a.name for a in alleles}) != len(alleles):
        raise RuleSetError(f"{where}/alleles: an allele name is used twice.")
    phenotype = _phenotype(raw["phenotype"], alleles, raw["ploidy"], f"{where}/phenotype")
    fallback = None
    if "fallback" in raw:
        fb = raw["fallback"]
        if fb["rsid"] not in by_rsid:
            raise RuleSetError(f"{where}/fallback/rsid: {fb['rsid']} is not a variant of {name}.")
        fallback = Fallback(
            fb["rsid"], fb["base"], fb["label"], tuple(fb["by_copies"]), fb["caveat"]
        )  # type: ignore[arg-type]
    return GeneDef(
        name=name,
        group=raw["group"],
        chrom=raw["chrom"],
        ploidy=raw["ploidy"],
        variants=variants,
        alleles=alleles,
        phenotype=phenotype,
        caveats=tuple(c if isinstance(c, str) else c["text"] for c in raw.get("caveats", ())),
        sources=tuple(_sources(raw.get("sources", ()))),
        fallback=fallback,
        ambiguity_note=raw.get("ambiguity_note"),
        prefer_pairing=tuple(raw.get("prefer_pairing", ())),
        clinical_table=_clinical_table(raw["clinical_table"]) if "clinical_table" in raw else None,
        none_found=raw.get("none_found"),
        phenotype_words=_phenotype_words(raw, phenotype, where),
        no_phenotype=raw.get("no_phenotype"),
        no_phenotype_why=raw.get("no_phenotype_why"),
        caveat_limits=tuple(
            CaveatLimit(c["text"], frozenset(c.get("files", ())), frozenset(c.get("builds", ())))
            for c in raw.get("caveats", ())
            if not isinstance(c, str)
        ),
    )


def _phenotype_words(
    raw: dict[str, Any], phenotype: PhenotypeRule, where: str
) -> tuple[tuple[str, str], ...]:
    """Plain words for a gene's phenotypes; each must name a phenotype the gene can give, so a
    renamed phenotype cannot silently lose its words."""
    words = raw.get("phenotype_words", {})
    unknown = sorted(set(words) - phenotype.outputs())
    if unknown:
        raise RuleSetError(
            f"{where}/phenotype_words: {', '.join(unknown)} is not a phenotype of this gene."
        )
    return tuple(words.items())


def _clinical_table(raw: dict[str, Any]) -> ClinicalTable:
    return ClinicalTable(
        activity={name: None if v is None else float(v) for name, v in raw["activity"].items()},
        ranges=tuple(ActivityRange(r["min"], r["max"], r["phenotype"]) for r in raw["ranges"]),
        unknown_phenotype=raw["unknown_phenotype"],
        source=Source(label=raw["source"]["label"], pmid=raw["source"].get("pmid")),
    )


def _variant(raw: dict[str, Any], chrom: str) -> VariantDef:
    builds = {
        Build.GRCH37: BuildPosition(**raw["grch37"]),
        Build.GRCH38: BuildPosition(**raw["grch38"]),
    }
    indel = None
    if "indel" in raw:
        spec = raw["indel"]
        indel = IndelDef(ref=spec["ref"], alt=spec["alt"], array=dict(spec["array"]))
    return VariantDef(
        rsid=raw["rsid"],
        chrom=chrom,
        builds=builds,
        indel=indel,
        array_ids=tuple(raw.get("array_ids", ())),
    )


def _allele(
    raw: dict[str, Any], ref_bases: dict[str, Any], variants: dict[str, VariantDef], where: str
) -> AlleleDef:
    unknown = set(raw["bases"]) - set(variants)
    if unknown:
        raise RuleSetError(f"{where}/bases: {sorted(unknown)[0]} is not a variant of this gene.")
    bases: dict[str, frozenset[str]] = {}
    defining: set[str] = set()
    for rsid, variant in variants.items():
        given = raw["bases"].get(rsid, ref_bases[rsid])
        tokens = frozenset([given] if isinstance(given, str) else given)
        allowed = {variant.indel.ref, variant.indel.alt} if variant.indel else set("ACGT")
        if not tokens <= allowed:
            raise RuleSetError(
                f"{where}/bases/{rsid}: {sorted(tokens - allowed)[0]} is not a valid allele."
            )
        bases[rsid] = tokens
        reference = ref_bases[rsid]
        if rsid in raw["bases"] and tokens != frozenset(
            [reference] if isinstance(reference, str) else reference
        ):
            defining.add(rsid)
    backup = dict(raw.get("backup", {}))
    if set(backup) - set(variants):
        raise RuleSetError(f"{where}/backup: names a variant this gene does not have.")
    return AlleleDef(
        name=raw["name"],
        function=raw["function"],
        bases=bases,
        defining=frozenset(defining),
        activity=raw.get("activity"),
        reference=bool(raw.get("reference", False)),
        proxy=bool(raw.get("proxy", False)),
        cpic_name=raw.get("cpic_name"),
        backup=backup,
        rare=raw.get("rare"),
        uncertain=raw.get("uncertain"),
        label=raw.get("label"),
    )


def _phenotype(
    raw: dict[str, Any], alleles: Sequence[AlleleDef], ploidy: str, where: str
) -> PhenotypeRule:
    by = raw["by"]
    pairs = {frozenset((a, b)): p for a, b, p in raw.get("pairs", ())}
    ranges = tuple(ActivityRange(r["min"], r["max"], r["phenotype"]) for r in raw.get("ranges", ()))
    hemizygous = dict(raw.get("hemizygous", {}))
    rule = PhenotypeRule(by=by, pairs=pairs, ranges=ranges, hemizygous=hemizygous)
    functions = {a.function for a in alleles}
    if by == "function_pair":
        if ploidy != "haploid":
            for first in functions:
                for second in functions:
                    if rule.from_functions(first, second) is None:
                        raise RuleSetError(f"{where}/pairs: no phenotype for {first} + {second}.")
        if ploidy in ("x_linked", "haploid") and not functions <= set(hemizygous):
            raise RuleSetError(f"{where}/hemizygous: every allele function needs a phenotype.")
    elif by in ("activity_score", "variant_activity"):
        if any(a.activity is None for a in alleles):
            raise RuleSetError(f"{where}: every allele needs an activity value.")
        if not ranges:
            raise RuleSetError(f"{where}/ranges: activity scores need phenotype ranges.")
    return rule


# -- notes ------------------------------------------------------------------------------------


def _note(
    raw: dict[str, Any],
    where: str,
    genes: dict[str, GeneDef],
    optins: dict[str, OptinTopic],
    hla: dict[str, HlaAlleleDef] | None = None,
) -> NoteRule:
    outputs = {name: g.phenotypes() | _fallback_outputs(g) for name, g in genes.items()}
    for name, entry in (hla or {}).items():
        outputs[name] = outputs.get(name, set()) | entry.outputs()
    for gene in raw["genes"]:
        if gene not in outputs:
            raise RuleSetError(f"Rule file {where}/genes: unknown gene {gene}.")
    if raw.get("optin") is not None and raw["optin"] not in optins:
        raise RuleSetError(f"Rule file {where}/optin: unknown opt-in topic {raw['optin']}.")
    for cls in raw.get("drug_classes", ()):
        if cls not in DRUG_CLASSES:
            raise RuleSetError(f"Rule file {where}/drug_classes: unknown drug class {cls}.")
    outcomes = tuple(
        _outcome(o, f"{where}/outcomes/{i}", outputs, raw["genes"])
        for i, o in enumerate(raw["outcomes"])
    )
    requires = tuple(
        _clause(c, f"{where}/requires/{i}", outputs, raw["genes"])
        for i, c in enumerate(raw.get("requires", ()))
    )
    return NoteRule(
        id=raw["id"],
        category=Category(raw["category"]),
        title=raw["title"],
        genes=tuple(raw["genes"]),
        drugs=tuple(raw["drugs"]),
        drug_classes=frozenset(raw.get("drug_classes", ())),
        evidence=raw["evidence"],
        sources=tuple(_sources(raw["sources"])),
        outcomes=outcomes,
        limits=raw.get("limits", "").strip(),
        requires=requires,
        optin=raw.get("optin"),
        confirm_clinically="confirm_clinically" in raw,
        confirm_reason=raw.get("confirm_clinically"),
        only_when_matched=bool(raw.get("only_when_matched", False)),
        not_tested=_own_words(raw, "not_tested", {"found", "meaning", "discuss"}, where),
        partial=_own_words(raw, "partial", {"meaning", "discuss"}, where),
    )


def _own_words(
    raw: dict[str, Any], key: str, needed: set[str], where: str
) -> dict[str, str] | None:
    """A note's own wording for a not-tested or partial result, in place of the defaults."""
    block: dict[str, str] | None = raw.get(key)
    if block is None:
        return None
    missing = needed - set(block)
    if missing:
        raise RuleSetError(f"Rule file {where}/{key}: needs {sorted(missing)[0]}.")
    return {k: " ".join(v.split()) for k, v in block.items()}


def _fallback_outputs(gene: GeneDef) -> set[str]:
    return set(gene.fallback.by_copies) if gene.fallback is not None else set()


def _outcome(
    raw: dict[str, Any], where: str, genes: dict[str, set[str]], note_genes: list[str]
) -> Outcome:
    return Outcome(
        when=tuple(
            _clause(c, f"{where}/when/{i}", genes, note_genes) for i, c in enumerate(raw["when"])
        ),
        status=NoteStatus(raw["status"]),
        meaning=raw["meaning"].strip(),
        discuss=raw["discuss"].strip(),
        strength=raw.get("strength"),
        found=raw.get("found"),
        action=raw.get("action"),
    )


def _clause(
    raw: dict[str, Any], where: str, genes: dict[str, set[str]], note_genes: list[str]
) -> Clause:
    """`genes` maps every gene (and HLA allele) name to the phenotypes it can give."""
    if "any" in raw:
        return Clause(
            any_of=tuple(
                _clause(c, f"{where}/any/{i}", genes, note_genes) for i, c in enumerate(raw["any"])
            )
        )
    if "gene" in raw:
        gene = raw["gene"]
        if gene not in note_genes:
            raise RuleSetError(f"Rule file {where}/gene: {gene} is not listed in the note's genes.")
        phenotypes = frozenset(raw.get("phenotype", ()))
        unknown = phenotypes - genes[gene]
        if unknown:
            raise RuleSetError(
                f"Rule file {where}/phenotype: {gene} has no phenotype {sorted(unknown)[0]!r}."
            )
        return Clause(
            gene=gene,
            tested=bool(raw.get("tested", False)),
            phenotypes=phenotypes,
            activity_max=raw.get("activity_max"),
            activity_min=raw.get("activity_min"),
        )
    if "medication" in raw:
        return Clause(medications=frozenset(raw["medication"]))
    if "medication_class" in raw:
        unknown_classes = set(raw["medication_class"]) - DRUG_CLASSES
        if unknown_classes:
            raise RuleSetError(
                f"Rule file {where}/medication_class: unknown class {sorted(unknown_classes)[0]}."
            )
        return Clause(medication_classes=frozenset(raw["medication_class"]))
    return Clause(
        lifestyle=raw["lifestyle"], equals=raw.get("equals"), at_least=raw.get("at_least")
    )
