"""The `phr-desktop` command line."""

from __future__ import annotations

from pathlib import Path

import pytest

import phr
from ui.app import build_parser


def test_vault_flag_preselects_a_file_and_qt_flags_pass_through() -> None:
    args, rest = build_parser().parse_known_args(["--vault", "~/x.phr", "-platform", "offscreen"])
    assert args.vault == Path("~/x.phr")
    assert rest == ["-platform", "offscreen"]


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--version"])
    assert phr.__version__ in capsys.readouterr().out
