"""Synthetic demo medication list (no real person's data).

Chosen so the combination rules have something to act on: clopidogrel (CYP2C19), simvastatin
(SLCO1B1), an estrogen-containing pill (Factor V Leiden, smoking), a PPI, one stopped medicine
and one the name table does not know.
"""

from __future__ import annotations

from datetime import date, timedelta

from phr.meds.store import add_medication, stop_medication
from phr.vault import Vault


def add_demo_meds(vault: Vault, *, today: date | None = None) -> None:
    today = today or date.today()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    add_medication(vault, "Plavix", dose="75mg", frequency="once a day", started_on=ago(400),
                   reason="after a heart stent")  # fmt: skip
    add_medication(vault, "simvastatin", dose="40mg", frequency="at night", started_on=ago(700),
                   reason="cholesterol")  # fmt: skip
    add_medication(vault, "Microgynon 30", dose="1 tablet", frequency="once a day",
                   started_on=ago(900), reason="contraception")  # fmt: skip
    add_medication(vault, "omeprazole", dose="20mg", frequency="once a day", started_on=ago(380),
                   reason="stomach protection")  # fmt: skip
    add_medication(vault, "Vitamin D3", dose="1000 IU", frequency="once a day",
                   started_on=ago(200))  # fmt: skip
    stopped = add_medication(vault, "Nurofen", dose="400mg", frequency="as needed",
                             started_on=ago(120), reason="back pain")  # fmt: skip
    stop_medication(vault, stopped.id, ago(90))
