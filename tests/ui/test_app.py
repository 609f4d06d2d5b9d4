"""The `phr-desktop` command line."""

from __future__ import annotations

import logging
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


def test_gui_thread_errors_are_logged_without_their_message(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui.app import log_unexpected

    try:
        raise ValueError("invalid literal: 'SECRET-GENOTYPE-AG'")
    except ValueError as error:
        with caplog.at_level(logging.ERROR, logger="ui"):
            log_unexpected(ValueError, error, error.__traceback__)
    assert "ValueError" in caplog.text
    assert "SECRET-GENOTYPE-AG" not in caplog.text
    assert "SECRET-GENOTYPE-AG" not in capsys.readouterr().err
