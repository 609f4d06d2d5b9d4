"""The page registry's contract, checked so new pages keep it."""

from __future__ import annotations

import ast
from pathlib import Path

import ui.pages
from ui.pages import PAGES, Page

PAGES_DIR = Path(ui.pages.__file__).parent


def test_every_registered_page_is_a_titled_page() -> None:
    assert PAGES, "the sidebar needs at least one page"
    for page in PAGES:
        assert issubclass(page, Page)
        assert page.title and page.title != Page.title


def test_no_page_module_imports_another_page() -> None:
    allowed = {"ui.pages.base"}
    for module in PAGES_DIR.glob("*.py"):
        if module.name == "__init__.py":
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("ui.pages"):
                    assert name in allowed, f"{module.name} imports {name}"
