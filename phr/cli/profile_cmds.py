"""`phr profile`: what the person states about themselves (sex, birth month, smoking history,
diabetes, treatment, country): read by X-linked genes and by the prevention plan."""

from __future__ import annotations

import argparse
import textwrap

from phr.cli.common import open_from_args, print_json
from phr.genome.store import active_genome
from phr.prevention import treatment_facts
from phr.profile import SEX_REASON, SEX_WORDS, ProfileUpdate, get_profile, update_profile


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("profile", help="what you tell PHR about yourself")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_profile)
    actions = p.add_subparsers(dest="profile_action", metavar="ACTION")
    s = actions.add_parser("set", help="record your answers (give one or more)")
    s.add_argument(
        "--sex",
        metavar="female|male|not-given",
        help="used for genes on the X chromosome (G6PD) and for screening rules",
    )
    s.add_argument("--born", metavar="YYYY-MM", help="year and month of birth")
    s.add_argument("--smoking", metavar="never|former|current")
    s.add_argument("--pack-years", metavar="N", help="packs a day times years smoked")
    s.add_argument("--quit-year", metavar="YYYY", help="for former smokers")
    s.add_argument("--diabetes", metavar="yes|no")
    s.add_argument(
        "--bp-treatment", metavar="yes|no|auto", help="auto: read from your medicine list"
    )
    s.add_argument("--statin", metavar="yes|no|auto", help="auto: read from your medicine list")
    s.add_argument(
        "--heart-disease",
        metavar="yes|no",
        help="a heart attack, stent, bypass, stroke or narrowed leg arteries",
    )
    s.add_argument("--country", metavar="CC", help="two-letter code; picks the alcohol guideline")
    s.set_defaults(handler=cmd_profile_set)


def cmd_profile(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        profile = get_profile(vault)
        genome = active_genome(vault)
        treatment = treatment_facts(vault, profile)
    if args.json:
        data = profile.as_json()
        data["bp_treatment_in_use"] = treatment.bp_treatment
        data["statin_in_use"] = treatment.statin
        print_json(data)
        return 0
    facts = profile.as_json()
    print(f"Sex: {SEX_WORDS[profile.sex_answer]}")
    print(f"Born: {facts['born'] or 'not given'}")
    smoking = profile.smoking or "not given"
    if profile.pack_years is not None:
        smoking += f", {profile.pack_years:g} pack-years"
    if profile.quit_year is not None:
        smoking += f", quit {profile.quit_year}"
    print(f"Smoking: {smoking}")
    print(f"Diabetes: {_yes_no(profile.diabetes)}")
    print(f"Blood-pressure treatment: {treatment.bp_treatment_words}")
    print(f"Statin: {treatment.statin_words}")
    print(f"Known heart or blood-vessel disease: {_yes_no(profile.heart_disease)}")
    print(f"Country: {profile.country or 'not given'}")
    if not profile.sex_asked:
        print(textwrap.fill(SEX_REASON, width=88))
        if genome is not None and genome.sex is not None:
            print(f"Your DNA file suggests {genome.sex}; only your own answer is used.")
        print("Set it with `phr profile set --sex female|male|not-given`.")
    return 0


def cmd_profile_set(args: argparse.Namespace) -> int:
    update = ProfileUpdate(
        sex=args.sex,
        born=args.born,
        smoking=args.smoking,
        pack_years=args.pack_years,
        quit_year=args.quit_year,
        diabetes=args.diabetes,
        bp_treatment=args.bp_treatment,
        statin=args.statin,
        country=args.country,
        heart_disease=args.heart_disease,
    )
    with open_from_args(args) as vault:
        update_profile(vault, update)
        profile = get_profile(vault)
    if args.sex is not None:
        print(f"Sex: {SEX_WORDS[profile.sex_answer]}. Results for X-chromosome genes use it.")
    print("Profile saved.")
    return 0


def _yes_no(value: bool | None) -> str:
    return "not given" if value is None else ("yes" if value else "no")
