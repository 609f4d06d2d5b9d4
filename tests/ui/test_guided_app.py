"""Issue 15, the app: lock-screen text, Vault and Help menus, empty states, the import banner,
the Overview summary, keyboard navigation and accessible names."""

from __future__ import annotations

from pathlib import Path

import pytest

from phr.glossary import GLOSSARY, explain
from phr.meds import add_medication
from phr.vault import create_vault, open_vault
from tests.conftest import shared_file
from tests.ui.conftest import PASSPHRASE, Modals, on_worker, wait_for_main_window
from ui import messages
from ui.app import missing_display
from ui.help_window import HelpWindow
from ui.main_window import MainWindow
from ui.pages import genome as genome_module
from ui.pages.genome import GenomePage
from ui.pages.medications import MedicationsPage
from ui.pages.overview import OverviewPage
from ui.pages.prevention import PreventionPage
from ui.qt import QApplication, QLabel, QPushButton, Qt, QWidget


def open_window(qtbot, make_shell, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    return wait_for_main_window(qtbot, shell)


@pytest.fixture
def empty_window(qtbot, make_shell, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.phr"
    create_vault(path, PASSPHRASE).close()
    return open_window(qtbot, make_shell, path)


# -- lock screen ------------------------------------------------------------------------------


def test_lock_now_from_the_menu_shows_a_sentence_not_false(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    empty_window.lock_action.trigger()
    qtbot.waitUntil(lambda: empty_window.is_locked, timeout=10_000)
    text = empty_window.lock_screen.path_label.text()
    assert text.splitlines()[0] == "Locked. Enter your passphrase to continue."
    assert "False" not in text and "True" not in text
    assert str(empty_window.session.path) in text


# -- Vault menu -------------------------------------------------------------------------------


def test_close_vault_returns_to_the_welcome_window(qtbot, make_shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.phr"
    create_vault(path, PASSPHRASE).close()
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window = wait_for_main_window(qtbot, shell)
    window.close_action.trigger()
    qtbot.waitUntil(lambda: shell.main_window is None and shell.welcome is not None, timeout=10_000)
    assert shell.welcome.isVisible()
    assert not shell.session.is_unlocked
    assert shell.welcome.unlock_path.text() == str(path)
    # the vault was really closed: another process-level open succeeds (the lock is free)
    open_vault(path, PASSPHRASE).close()


def test_open_another_vault_preselects_it(
    qtbot, make_shell, tmp_path: Path, modals: Modals
) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.phr", tmp_path / "b.phr"
    for path in (first, second):
        create_vault(path, PASSPHRASE).close()
    shell = make_shell(first)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window = wait_for_main_window(qtbot, shell)
    modals.file_answer = second
    window.open_action.trigger()
    qtbot.waitUntil(lambda: shell.welcome is not None, timeout=10_000)
    assert shell.welcome.unlock_path.text() == str(second)
    assert shell.welcome.tabs.currentIndex() == 0


def test_open_the_demo_from_the_menu(qtbot, make_shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "v.phr"
    create_vault(path, PASSPHRASE).close()
    shell = make_shell(path)
    shell.welcome.unlock_passphrase.setText(PASSPHRASE)
    shell.welcome.unlock()
    window = wait_for_main_window(qtbot, shell)
    window.demo_action.trigger()
    qtbot.waitUntil(
        lambda: shell.main_window is not None and shell.main_window is not window, timeout=60_000
    )
    assert shell.session.path is not None and shell.session.path.name == "demo.phr"


def test_back_up_checks_the_passphrase_then_writes_a_copy(  # type: ignore[no-untyped-def]
    qtbot, empty_window, tmp_path: Path, modals: Modals, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copy.phr"
    monkeypatch.setattr(messages, "choose_backup_path", lambda parent, start: target)
    monkeypatch.setattr(messages, "ask_passphrase", lambda parent, question: "wrong one")
    empty_window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(modals.errors), timeout=10_000)
    assert "not this vault's passphrase" in modals.errors[-1]
    assert not target.exists()
    monkeypatch.setattr(messages, "ask_passphrase", lambda parent, question: PASSPHRASE)
    empty_window.backup_action.trigger()
    qtbot.waitUntil(lambda: target.exists() and bool(modals.infos), timeout=10_000)
    open_vault(target, PASSPHRASE).close()


def test_change_passphrase_needs_the_current_one(  # type: ignore[no-untyped-def]
    qtbot, empty_window, modals: Modals, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = "a much longer new passphrase 2026"
    monkeypatch.setattr(messages, "ask_new_passphrase", lambda parent: ("not it", new))
    empty_window.passwd_action.trigger()
    qtbot.waitUntil(lambda: bool(modals.errors), timeout=10_000)
    assert "nothing was changed" in modals.errors[-1]
    monkeypatch.setattr(messages, "ask_new_passphrase", lambda parent: (PASSPHRASE, new))
    empty_window.passwd_action.trigger()
    qtbot.waitUntil(lambda: bool(modals.infos), timeout=10_000)
    path = empty_window.session.path
    empty_window.close()
    open_vault(path, new).close()


def test_help_menu_opens_guide_and_glossary(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    empty_window.glossary_action.trigger()
    window = HelpWindow._shown
    assert window is not None and window.isVisible()
    assert window.tabs.currentWidget() is window.glossary
    text = window.glossary.toPlainText()
    for term in GLOSSARY:
        assert term.title in text
    empty_window.guide_action.trigger()
    assert window.tabs.currentWidget() is window.guide
    assert "Import your DNA file" in window.guide.toPlainText()
    window.close()


def test_glossary_covers_the_terms_the_issue_lists() -> None:
    keys = {term.key for term in GLOSSARY}
    assert keys >= {
        "star_allele", "metabolizer", "activity_score", "cpic_level", "pmid",
        "genome_build", "chip_vs_sequencing", "assumed_reference",
    }  # fmt: skip
    assert explain("pmid").startswith("PMID: ")
    with pytest.raises(KeyError):
        explain("no_such_term")


def test_glossary_terms_are_reachable_from_tooltips(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    genome = empty_window.show_page(GenomePage)
    header = genome.table.horizontalHeaderItem(3)
    assert "GRCh37" in header.toolTip()


# -- empty states and the import banner ---------------------------------------------------------


@pytest.mark.parametrize("page_class", [PreventionPage, MedicationsPage])
def test_pages_without_a_genome_say_import_first(  # type: ignore[no-untyped-def]
    qtbot, empty_window, page_class, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(genome_module, "choose_genome_file", lambda parent: asked.append(1))
    page = empty_window.show_page(page_class)
    qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=10_000)
    assert page.empty.title.text() == "Import your DNA file first"
    assert not page.cards
    assert not page.sex_question.isVisible()
    if isinstance(page, PreventionPage):
        assert not any(box.isVisible() for box in page.optin_boxes.values())
    page.empty.button.click()
    assert isinstance(empty_window.current_page, GenomePage)
    assert asked == [1]  # the file chooser opened at once


def test_import_shows_a_banner_that_points_at_results(  # type: ignore[no-untyped-def]
    qtbot, empty_window, tmp_path: Path
) -> None:
    source = Path(__file__).parents[1] / "data" / "23andme" / "v5_build37_crlf.txt"
    page = empty_window.show_page(GenomePage)
    assert not page.banner.isVisible()
    page.start_import(source)
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=20_000)
    assert "Imported v5_build37_crlf.txt" in page.banner.text()
    medicines = next(b for b in page.banner_buttons if "medicine" in b.text())
    medicines.click()
    assert isinstance(empty_window.current_page, MedicationsPage)
    empty_window.lock()
    assert not page.banner.isVisible()


# -- overview -------------------------------------------------------------------------------


def test_new_vault_overview_is_a_checklist_with_links(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    page = empty_window.current_page
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    buttons = [w for w in page.summary_widgets if isinstance(w, QPushButton)]
    assert buttons[0].text() == "Import your DNA file…"
    medications = empty_window.pages[2]
    assert isinstance(medications, MedicationsPage)
    opened: list[object] = []
    medications.editor.run_dialog = lambda dialog: opened.append(dialog) and False
    buttons[1].click()
    assert isinstance(empty_window.current_page, MedicationsPage)
    assert opened == [medications.editor.dialog]  # "Add the medicines" opens the form


def test_overview_links_go_to_their_page(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    page = empty_window.show_page(OverviewPage)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    links = [w for w in page.summary_widgets if isinstance(w, QLabel) and "href" in w.text()]
    assert links
    links[0].linkActivated.emit("lifestyle")
    assert empty_window.current_page.key() == "lifestyle"


# -- keyboard and accessible names ---------------------------------------------------------------


def test_every_page_is_reachable_by_keyboard(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    empty_window.sidebar.setFocus()
    for index in range(1, len(empty_window.pages)):
        qtbot.keyClick(empty_window.sidebar, Qt.Key.Key_Down)
        assert empty_window.pages_stack.currentIndex() == index
    assert empty_window.sidebar.accessibleName() == "Pages"
    # and from anywhere: Ctrl+1 ... Ctrl+6 (the Go menu)
    for index, action in enumerate(empty_window.page_actions):
        assert action.shortcut().toString() == f"Ctrl+{index + 1}"
        action.trigger()
        assert empty_window.pages_stack.currentIndex() == index


def test_buttons_and_inputs_have_names(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    """Every button says what it does (its text or an accessible name), for screen readers."""
    for page in empty_window.pages:
        empty_window.show_page(type(page))
        for button in page.findChildren(QPushButton):
            assert button.text().strip("&… ") or button.accessibleName(), button
        for widget in page.findChildren(QWidget):
            kind = widget.metaObject().className()
            focusable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            if focusable and kind in ("QLineEdit", "QTableWidget", "QListWidget"):
                owner = widget.parentWidget()  # a date or combo box's own line edit
                assert (
                    widget.accessibleName()
                    or widget.property("placeholderText")
                    or (owner is not None and owner.accessibleName())
                ), f"{type(page).__name__}: unnamed {widget.metaObject().className()}"


def test_tab_moves_focus_through_the_medications_page(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    page = empty_window.show_page(MedicationsPage)
    empty_window.activateWindow()
    page.editor.add_button.setFocus()
    seen = set()
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is not None:
            seen.add(focused.accessibleName() or focused.metaObject().className())
    assert len(seen) >= 3  # focus moves on rather than sticking on one control


# -- the medicines dialog: accepting a suggestion, duplicates ---------------------------------


def test_accepting_a_suggestion_in_the_app_stores_the_matched_drug(  # type: ignore[no-untyped-def]
    qtbot, empty_window
) -> None:
    page = empty_window.show_page(MedicationsPage)
    editor = page.editor
    editor.confirm = lambda parent, question: True
    editor.run_dialog = lambda dialog: (dialog.name.setText("warfrin 5mg"), True)[1]
    editor.add_button.click()
    qtbot.waitUntil(lambda: len(editor.medications) == 1, timeout=10_000)
    med = editor.medications[0]
    assert (med.name, med.generic, med.dose, med.unit) == ("warfarin", "warfarin", "5", "mg")
    assert "warfrin 5mg" in (med.reason or "")
    assert editor.table.item(0, 0).text() == "warfarin"


def test_same_drug_by_brand_asks_first(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    path = empty_window.session.path
    assert path is not None
    on_worker(lambda: add_medication(empty_window.session._vault, "simvastatin"))
    page = empty_window.show_page(MedicationsPage)
    editor = page.editor
    qtbot.waitUntil(lambda: len(editor.medications) == 1, timeout=10_000)
    asked: list[str] = []
    editor.confirm = lambda parent, question: asked.append(question) and False
    editor.run_dialog = lambda dialog: (dialog.name.setText("Zocor"), True)[1]
    editor.add_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "simvastatin is already on your list" in asked[0]
    qtbot.wait(200)
    assert len(editor.medications) == 1  # declined: nothing added
    editor.confirm = lambda parent, question: True
    editor.add_button.click()
    qtbot.waitUntil(lambda: len(editor.medications) == 2, timeout=10_000)


def test_invalid_form_keeps_the_dialog_open(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    editor = empty_window.show_page(MedicationsPage).editor
    dialog = editor.dialog
    dialog.started.setText("01/02/2024")
    dialog.name.setText("Plavix")
    dialog._try_accept()
    assert "2024-03-01" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted


# -- welcome ----------------------------------------------------------------------------------


def test_welcome_hint_only_after_typing_and_stable_height(qtbot, make_shell) -> None:  # type: ignore[no-untyped-def]
    shell = make_shell(None)
    welcome = shell.welcome
    welcome.tabs.setCurrentIndex(1)
    assert welcome.strength_label.text() == ""
    height = welcome.strength_label.height()
    welcome.create_first.setText("abc")
    assert "weak" in welcome.strength_label.text()
    assert welcome.strength_label.height() == height
    assert welcome.create_button.objectName() == "primary"
    assert welcome.icon_label.pixmap() is not None and not welcome.icon_label.pixmap().isNull()


def test_missing_display_is_one_sentence() -> None:
    assert missing_display({}, "linux") is not None
    assert "\n" not in (missing_display({}, "linux") or "")
    assert missing_display({"DISPLAY": ":0"}, "linux") is None
    assert missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display({}, "darwin") is None


def test_real_genome_file_imports_through_the_page(qtbot, empty_window) -> None:  # type: ignore[no-untyped-def]
    source = shared_file("data", "genomes", "array", "23andme_v5_0x77dev_excerpt.txt")
    page = empty_window.show_page(GenomePage)
    page.start_import(source)
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=60_000)
    prevention = empty_window.show_page(PreventionPage)
    qtbot.waitUntil(lambda: bool(prevention.cards), timeout=20_000)
    assert not prevention.empty.isVisible()


def test_jargon_in_labels_gets_a_glossary_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    from phr.glossary import terms_in
    from ui.glossary_tips import explain_terms

    assert terms_in("CYP2C19 *1/*2: Intermediate Metabolizer") == ["star_allele", "metabolizer"]
    assert terms_in("CPIC level A; strong (PMID 35034351)") == ["cpic_level", "pmid"]
    assert terms_in("Genome map: GRCh37 (hg19)") == ["genome_build"]
    assert terms_in("Weight 71 kg") == []
    root = QWidget()
    qtbot.addWidget(root)
    jargon = QLabel("<b>Evidence:</b> CPIC level A · PMID 123", root)
    plain = QLabel("What to discuss: show this to your doctor", root)
    assert explain_terms(root) == 1
    assert jargon.toolTip().startswith("CPIC level (A, B, C, D): ")
    assert "Help > Glossary" in jargon.toolTip()
    assert plain.toolTip() == ""
