"""The CLI starts fast: the entry point and light commands never import the heavy libraries."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from phr.cli import COMMANDS, build_parser, command_named

HEAVY = ("pandas", "matplotlib", "cyvcf2", "PySide6", "fpdf", "jsonschema", "numpy")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    return {m for m in HEAVY if m in loaded}


def test_importing_the_cli_entry_imports_no_heavy_library() -> None:
    assert _imported_after("import phr.cli; phr.cli.build_parser()") == set()


@pytest.mark.parametrize("command", ["info", "pgx", "notes", "meds", "genomes", "plan"])
def test_everyday_commands_import_no_heavy_library(command: str) -> None:
    load = (
        "from phr.rules.ruleset import load_rule_set; from phr.meds.names import drug_table; "
        "load_rule_set(); drug_table()"
    )
    _imported_after(load)  # the first run checks the rule set and drug table, then caches them
    assert _imported_after(f"import phr.cli; phr.cli.build_parser({command!r}); {load}") == set()


def test_every_listed_command_is_registered_by_its_module() -> None:
    for name, (module, _help) in COMMANDS.items():
        commands = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(commands)
        assert name in commands.choices, f"{module} does not register {name}"


def test_command_word_is_found_after_the_global_options() -> None:
    assert command_named(["--vault", "pgx", "info", "--json"]) == "info"
    assert command_named(["--passphrase-file", "f", "meds", "list"]) == "meds"
    assert command_named(["--version"]) is None


def test_help_lists_every_command_without_importing_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    shown = capsys.readouterr().out
    assert all(name in shown for name in COMMANDS)
