"""`phr profile`: what the person states about themselves (today: sex, for X-linked genes)."""

from __future__ import annotations

import argparse
import textwrap

from phr.cli.common import open_from_args, print_json
from phr.genome.store import active_genome
from phr.profile import SEX_REASON, SEX_WORDS, get_profile, set_sex


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = commands.add_parser("profile", help="what you tell PHR about yourself (sex)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_profile)
    actions = p.add_subparsers(dest="profile_action", metavar="ACTION")
    s = actions.add_parser("set", help="record your answers")
    s.add_argument(
        "--sex",
        required=True,
        metavar="female|male|not-given",
        help="used for genes on the X chromosome (G6PD); 'not-given' stops PHR asking",
    )
    s.set_defaults(handler=cmd_profile_set)


def cmd_profile(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        profile = get_profile(vault)
        genome = active_genome(vault)
    if args.json:
        print_json(profile.as_json())
        return 0
    print(f"Sex: {SEX_WORDS[profile.sex_answer]}")
    if not profile.sex_asked:
        print(textwrap.fill(SEX_REASON, width=88))
        if genome is not None and genome.sex is not None:
            print(f"Your DNA file suggests {genome.sex}; only your own answer is used.")
        print("Set it with `phr profile set --sex female|male|not-given`.")
    return 0


def cmd_profile_set(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        set_sex(vault, args.sex)
        profile = get_profile(vault)
    print(f"Sex: {SEX_WORDS[profile.sex_answer]}. Results for X-chromosome genes use it.")
    return 0
