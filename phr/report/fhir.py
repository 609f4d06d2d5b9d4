"""The FHIR R4 `collection` Bundle a clinical system can take in.

Genomic results follow the shape of the HL7 Genomics Reporting guide: one genotype
Observation (LOINC 84413-4) per gene and per position read, gene by HGNC id (48018-6),
metabolizer phenotypes (53040-2), therapeutic-implication Observations per medicine note
(medication assessed 51963-7, level of evidence 93044-6), diagnostic implications for
prevention notes, all grouped by a DiagnosticReport (51969-6). Medicines become
MedicationStatements and the logged weight, height, blood pressure and heart rate become vital-sign
Observations with their standard LOINC codes (other kinds stay in the CSV).

Resource ids are derived from stable keys (gene, rsID, rule id, entry order within a kind),
never from list positions shared with other findings: leaving a finding out changes nothing
else in the bundle.
"""

from __future__ import annotations

import csv
import uuid
from functools import cache
from typing import Any

from phr.genome.model import GenotypeStatus
from phr.meds.names import drug_table
from phr.paths import resource
from phr.report.data import LifestyleEntry, ReportContent, ReportData
from phr.report.fhir_plan import add_plan_resources
from phr.report.limitations import limitations
from phr.report.summary import clinical_title, clinician_text
from phr.report.wording import diplotype_text, genome_text, source_text
from phr.rules.model import CallStatus, Note, NoteStatus, PgxCall, UsedGenotype
from phr.vocabulary import call_status_text, clinical_source_text

JSON = dict[str, Any]

LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
HGNC = "http://www.genenames.org/geneId"
DBSNP = "http://www.ncbi.nlm.nih.gov/projects/SNP"
TBD = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
_NAMESPACE = uuid.UUID("5b6f1d0e-4c1a-4f0e-9a57-2f0c5e2b7a11")

_LAB = [
    {"coding": [{"system": OBS_CATEGORY, "code": "laboratory", "display": "Laboratory"}]},
    {"coding": [{"system": V2_0074, "code": "GE", "display": "Genetics"}]},
]
_VITAL = [{"coding": [{"system": OBS_CATEGORY, "code": "vital-signs", "display": "Vital Signs"}]}]
# kind -> (LOINC code, display, PHR canonical unit, UCUM code)
_VITALS = {
    "weight": ("29463-7", "Body weight", "kg", "kg"),
    "height": ("8302-2", "Body height", "cm", "cm"),
    "heart_rate": ("8867-4", "Heart rate", "bpm", "/min"),
    "blood_pressure": ("85354-9", "Blood pressure panel with all children optional", "mmHg", ""),
}
_BP_PARTS = (("8480-6", "Systolic blood pressure"), ("8462-4", "Diastolic blood pressure"))


def build_bundle(data: ReportData) -> JSON:
    return _Builder(data.content()).bundle()


@cache
def hgnc_ids() -> dict[str, str]:
    """Gene symbol -> HGNC id, from resources/report/hgnc_genes.tsv."""
    text = resource("report", "hgnc_genes.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"
    )
    return {row["symbol"]: row["hgnc_id"] for row in rows}


def _code(system: str, code: str, display: str) -> JSON:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _loinc(code: str, display: str) -> JSON:
    return _code(LOINC, code, display)


def _gene(symbol: str) -> JSON:
    """An HLA allele ("HLA-B*15:02") is coded as its gene (HLA-B), the allele kept as text."""
    gene = symbol.split("*", 1)[0]
    hgnc = hgnc_ids().get(gene)
    if hgnc is None:  # no verified id: the symbol as text, never a guessed code
        return {"text": symbol}
    return {"coding": [{"system": HGNC, "code": hgnc, "display": gene}], "text": symbol}


def _component(code: JSON, value: JSON) -> JSON:
    return {"code": code, "valueCodeableConcept": value}


def _absent(text: str) -> JSON:
    return {"coding": [{"system": ABSENT, "code": "not-performed"}], "text": text}


class _Builder:
    def __init__(self, content: ReportContent) -> None:
        self.content = content
        self.data = content.data
        self.entries: list[JSON] = []
        self.urls: dict[str, str] = {}
        self.genomic: list[str] = []  # full URLs of results the DiagnosticReport groups
        date = self.data.report_date.isoformat()
        self.issued = f"{date}T00:00:00+00:00"
        genome = self.data.genomes[0] if self.data.genomes else None
        self.effective = genome.imported_at[:10] if genome else date
        self.method = (
            {"text": "; ".join(genome_text(g) for g in self.data.genomes)}
            if self.data.genomes
            else None
        )

    def bundle(self) -> JSON:
        self._patient()
        for row in self.content.pgx_rows:
            self._pgx(row.call)
        for note in self.content.notes:
            if note.status != NoteStatus.NOT_TESTED or note.genotypes:
                self._note(note)
        if self.genomic:
            self._report()
        for med_row in self.content.medication_rows:
            med = med_row.medication
            self._medication(med.id, med.name, med.generic)
        for index, entry in enumerate(self.content.lifestyle_entries):
            self._vital(index, entry)
        add_plan_resources(self)
        return {
            "resourceType": "Bundle",
            "id": self._id("bundle"),
            "type": "collection",
            "timestamp": self.issued,
            "entry": self.entries,
        }

    # -- plumbing ---------------------------------------------------------------------------

    def _id(self, key: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{self.data.report_date.isoformat()}/{key}"))

    def _add(self, key: str, resource: JSON) -> str:
        if key in self.urls:
            return self.urls[key]
        rid = self._id(key)
        url = f"urn:uuid:{rid}"
        resource = {"resourceType": resource.pop("resourceType"), "id": rid, **resource}
        self.entries.append({"fullUrl": url, "resource": resource})
        self.urls[key] = url
        return url

    def _subject(self) -> JSON:
        return {"reference": self.urls["patient"]}

    def _observation(self, code: JSON, **fields: Any) -> JSON:
        obs: JSON = {
            "resourceType": "Observation",
            "status": "final",
            "category": _LAB,
            "code": code,
            "subject": self._subject(),
            "effectiveDateTime": self.effective,
            "issued": self.issued,
        }
        if self.method:
            obs["method"] = self.method
        obs.update({k: v for k, v in fields.items() if v})
        return obs

    # -- resources --------------------------------------------------------------------------

    def _patient(self) -> None:
        person = self.data.person
        patient: JSON = {"resourceType": "Patient"}
        if person.name:
            patient["name"] = [{"text": person.name}]
        if person.birth_date:
            patient["birthDate"] = person.birth_date.isoformat()
        self._add("patient", patient)

    def _position(self, used: UsedGenotype) -> str:
        status = used.status
        if status == GenotypeStatus.CALLED and used.alleles:
            value: JSON | None = {"text": f"{used.rsid} {'/'.join(used.alleles)}"}
        elif status == GenotypeStatus.ASSUMED_REFERENCE:
            value = {"text": f"{used.rsid} assumed reference (absent from a variant-only file)"}
        elif status == GenotypeStatus.REFERENCE_BLOCK:
            value = {"text": f"{used.rsid} reference (gVCF reference block)"}
        else:
            value = None
        components = (
            [_component(_loinc("48018-6", "Gene studied [ID]"), _gene(used.gene))]
            if (used.gene)
            else []
        )
        if used.rsid.startswith("rs"):
            snp = {"coding": [{"system": DBSNP, "code": used.rsid}], "text": used.rsid}
            components.append(_component(_loinc("81255-2", "dbSNP [ID]"), snp))
        why = "no call in the file" if status == GenotypeStatus.NO_CALL else "not in the file"
        obs = self._observation(
            _loinc("84413-4", "Genotype display name"),
            valueCodeableConcept=value,
            dataAbsentReason=None if value else _absent(f"{used.rsid}: {why}"),
            component=components,
        )
        return self._add(f"position/{used.rsid}", obs)

    def _pgx(self, call: PgxCall) -> None:
        notes = [clinician_text(c) for c in call.caveats if clinician_text(c)]
        if call.clinical is not None:  # a lab's result: not derived from the file's positions
            positions = []
            source = clinical_source_text(call.clinical.lab, call.clinical.tested_on)
            notes.insert(0, f"Result {source}, not read from the DNA file.")
        else:
            positions = [{"reference": self._position(g)} for g in call.genotypes]
        if call.missing:
            notes.insert(0, f"Not read: {', '.join(call.missing)}.")
        if call.status == CallStatus.PARTIAL:
            could = "" if call.determined else f" {call.phenotype_text()}."
            notes.insert(0, f"{call_status_text(call.status)}.{could}")
        if call.status == CallStatus.INDETERMINATE:
            notes.insert(
                0, f"{call_status_text(call.status)}: the file shows an allele PHR does not define."
            )
        value = {"text": f"{call.gene} {diplotype_text(call)}"} if call.diplotypes else None
        obs = self._observation(
            _loinc("84413-4", "Genotype display name"),
            valueCodeableConcept=value,
            dataAbsentReason=None if value else _absent(f"{call.gene}: {call.phenotype_text()}"),
            component=[_component(_loinc("48018-6", "Gene studied [ID]"), _gene(call.gene))],
            derivedFrom=positions,
            note=[{"text": " ".join(notes)}] if notes else None,
        )
        url = self._add(f"genotype/{call.gene}", obs)
        self.genomic.append(url)
        if call.phenotype:
            phenotype = self._observation(
                _loinc("53040-2", "Genetic variation's effect on drug metabolism"),
                valueCodeableConcept={"text": call.phenotype},
                component=[_component(_loinc("48018-6", "Gene studied [ID]"), _gene(call.gene))],
                derivedFrom=[{"reference": url}],
            )
            self.genomic.append(self._add(f"phenotype/{call.gene}", phenotype))

    def _note(self, note: Note) -> None:
        derived = [
            {"reference": self.urls[f"genotype/{g}"]}
            for g in note.genes
            if f"genotype/{g}" in self.urls
        ]
        positions = [self._position(g) for g in note.genotypes]
        derived += [{"reference": url} for url in positions]
        if note.status == NoteStatus.NOT_TESTED:
            self.genomic.extend(positions)  # they say "not performed"; nothing to imply
            return
        evidence = _component(_loinc("93044-6", "Level of evidence"), {"text": note.evidence})
        # Display texts are for the clinician who reads the bundle: the finding and the
        # guideline's action, never the sentences written to the person (meaning, discuss).
        found = clinician_text(note.found)
        text = f"{found} Action: {note.action}" if note.action else found
        if note.confirm_clinically:
            text += " Confirm with a clinical test before acting."
        sources = "; ".join(source_text(s) for s in note.sources)
        annotations = [{"text": text}, {"text": f"Rule {note.id}. Sources: {sources}"}]
        if note.category == "medication":
            components = [
                _component(
                    _code(TBD, "therapeutic-implication", "Therapeutic implication"),
                    {"text": note.action or clinical_title(note)},
                ),
                *(
                    _component(_loinc("51963-7", "Medication assessed [ID]"), {"text": d})
                    for d in note.drugs
                ),
                evidence,
            ]
            code = _code(TBD, "therapeutic-implication", "Therapeutic implication")
        else:
            components = [
                _component(
                    _loinc("53037-8", "Genetic variation clinical significance"),
                    {"text": note.action or found},
                ),
                _component(
                    _loinc("81259-4", "Associated phenotype"), {"text": clinical_title(note)}
                ),
                evidence,
            ]
            code = _code(TBD, "diagnostic-implication", "Diagnostic implication")
        obs = self._observation(code, component=components, derivedFrom=derived, note=annotations)
        self.genomic.append(self._add(f"implication/{note.id}", obs))

    def _report(self) -> None:
        report: JSON = {
            "resourceType": "DiagnosticReport",
            "status": "final",
            "category": [_LAB[1]],
            "code": _loinc("51969-6", "Genetic analysis report"),
            "subject": self._subject(),
            "effectiveDateTime": self.effective,
            "issued": self.issued,
            "result": [{"reference": url} for url in dict.fromkeys(self.genomic)],
            "conclusion": " ".join(limitations(self.content)),
        }
        self._add("report", report)

    def _medication(self, med_id: int, name: str, generic: str | None) -> None:
        if drug_table().loosely_named(generic, name):
            generic = None  # "iron tablets": the class is known, the ingredient is not
        text = f"{name} ({generic})" if generic and generic.lower() != name.lower() else name
        concept: JSON = {"text": text}
        coding = drug_table().rxnorm_coding(generic)
        if coding is not None:
            # the ingredient, not the product: PHR knows what the person takes, not the brand,
            # strength or form, so an ingredient code is the most it can honestly claim
            code, display = coding
            concept["coding"] = [{"system": RXNORM, "code": code, "display": display}]
        statement: JSON = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": concept,
            "subject": self._subject(),
            "dateAsserted": self.issued,
            "informationSource": self._subject(),
        }
        self._add(f"medication/{med_id}", statement)

    def _vital(self, index: int, entry: LifestyleEntry) -> None:
        spec = _VITALS.get(entry.kind)
        if spec is None:
            return
        code, display, unit, ucum = spec
        if entry.unit.lower() != unit.lower() or entry.value is None:
            return  # not a canonical unit PHR knows how to code: leave it to the CSV
        obs: JSON = {
            "resourceType": "Observation",
            "status": "final",
            "category": _VITAL,
            "code": _loinc(code, display),
            "subject": self._subject(),
            "effectiveDateTime": entry.at,
        }
        if entry.kind == "blood_pressure":
            if entry.value2 is None:
                return
            obs["component"] = [
                {"code": _loinc(c, d), "valueQuantity": _mmhg(v)}
                for (c, d), v in zip(_BP_PARTS, (entry.value, entry.value2), strict=True)
            ]
        else:
            obs["valueQuantity"] = {
                "value": entry.value,
                "unit": ucum,
                "system": UCUM,
                "code": ucum,
            }
        self._add(f"vital/{entry.kind}/{entry.at}/{index}", obs)


def _mmhg(value: float) -> JSON:
    return {"value": value, "unit": "mmHg", "system": UCUM, "code": "mm[Hg]"}
