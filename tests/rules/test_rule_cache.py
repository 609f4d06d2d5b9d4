"""The checked rule set is cached by content: an edit is never served stale, damage is rebuilt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from phr.datacache import cache_dir
from phr.errors import RuleSetError
from phr.rules.ruleset import default_rules_dir, load_rule_set


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(Path(str(default_rules_dir())), target)
    return target


def _entries() -> list[Path]:
    return sorted(cache_dir().glob("rules-*.json"))


def test_second_load_reads_the_cache_without_yaml_or_jsonschema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy(tmp_path)
    first = load_rule_set(folder)
    assert len(_entries()) == 1

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached rule set was parsed again")

    monkeypatch.setattr("phr.rules.ruleset._checked_documents", refuse)
    again = load_rule_set(folder)
    assert again.version == first.version
    assert [n.id for n in again.notes] == [n.id for n in first.notes]
    assert again.genes.keys() == first.genes.keys()


def test_an_edited_rule_file_is_validated_again_never_served_stale(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    load_rule_set(folder)
    manifest = folder / "ruleset.yaml"
    manifest.write_text(manifest.read_text().replace('version: "1.0.0"', "version: 7"))
    with pytest.raises(RuleSetError, match=r"ruleset\.yaml: field version"):
        load_rule_set(folder)
    assert len(_entries()) == 1  # the broken set was not cached


def test_a_damaged_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    load_rule_set(folder)
    (entry,) = _entries()
    entry.write_text('{"manifest": ')
    assert load_rule_set(folder).version == "1.0.0"
    assert entry.read_text().startswith('{"manifest":{')


def test_an_unwritable_cache_folder_only_costs_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("PHR_CACHE_DIR", str(blocker / "cache"))
    assert load_rule_set(_copy(tmp_path)).version == "1.0.0"


def test_the_cache_holds_bundled_data_only_never_the_vault_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from phr.cli import main
    from phr.meds.names import drug_table
    from phr.rules.ruleset import forget_loaded_rule_set

    forget_loaded_rule_set()  # loaded by an earlier test: load (and cache) it again here
    drug_table.cache_clear()
    vault = str(tmp_path / "v.phr")
    monkeypatch.setenv("PHR_PASSPHRASE", "correct horse battery staple")
    assert main(["--vault", vault, "init"]) == 0
    assert main(["--vault", vault, "meds", "add", "Zyxmarker 5 mg", "--as-typed"]) == 0
    assert main(["--vault", vault, "log", "add", "weight", "71.234"]) == 0
    assert main(["--vault", vault, "notes"]) == 0
    cached = [p.read_bytes() for p in cache_dir().rglob("*") if p.is_file()]
    assert cached, "the notes command should have cached the checked rule set"
    assert not any(b"Zyxmarker" in data or b"71.234" in data for data in cached)
