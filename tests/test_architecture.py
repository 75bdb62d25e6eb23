"""The pipeline reads in one direction (DESIGN.md): each stage imports only the stages before it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "generator"
# Earlier stages first. A module may import only modules listed before it.
ORDER = [
    "errors",
    "locks",
    "parallel",
    "cache",
    "model",
    "safeyaml",
    "schema",
    "load",
    "history",
    "validate",
    "crossref",
    "agenda",
    "review",
    "urls",
    "markup",
    "charts",
    "pages",
    "feeds",
    "calendars",
    "exports",
    "dependencies",
    "sitemap",
    "reuse",
    "render",
    "incremental",
    "linkcheck",
    "search",
    "write",
    "build",
    "scaffold",
    "mail",
    "serve",
    "cli",
    "__main__",
]


def internal_imports(module: str) -> set[str]:
    if not (PACKAGE / f"{module}.py").exists():
        return set()
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "generator":
                found.update(alias.name for alias in node.names if alias.name != "__version__")
            elif node.module.startswith("generator."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(
                a.name.split(".")[1] for a in node.names if a.name.startswith("generator.")
            )
    return found


def test_every_module_is_placed_in_the_pipeline_order() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules <= set(ORDER)


def test_stages_import_only_earlier_stages() -> None:
    for position, module in enumerate(ORDER):
        allowed = set(ORDER[:position])
        assert internal_imports(module) <= allowed, module


def test_model_and_errors_import_nothing_internal() -> None:
    assert internal_imports("model") == set()
    assert internal_imports("errors") == set()


def test_only_the_command_line_imports_build() -> None:
    importers = {m for m in ORDER if "build" in internal_imports(m)}
    assert importers <= {"cli", "serve"}


def global_statements(source: str) -> list[int]:
    """The lines of every `global` statement, at any depth (a function rebinding a
    module-level name is module-level state)."""
    return [node.lineno for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Global)]


def test_the_global_check_finds_a_global_inside_a_function() -> None:
    source = "_task = None\n\ndef run(task):\n    if task:\n        global _task\n"
    assert global_statements(source) == [5]
    assert global_statements("def run(task):\n    return task\n") == []


def test_no_module_named_utils_and_no_module_level_settings() -> None:
    assert not (PACKAGE / "utils.py").exists()
    modules = sorted(PACKAGE.rglob("*.py"))
    assert modules
    for path in modules:
        assert global_statements(path.read_text()) == [], f"{path.name} uses a global statement"


def test_docs_link_only_to_files_in_the_repository() -> None:
    """README, CONTRIBUTING and docs/ point at files that exist, and never outside the
    repository."""
    repo = PACKAGE.parent
    for document in [repo / "README.md", repo / "CONTRIBUTING.md", *(repo / "docs").glob("*.md")]:
        text = re.sub(r"(?ms)^ *```.*?^ *```", "", document.read_text())  # examples are not links
        assert "../shared" not in text and "/work/" not in text, document.name
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            linked = (document.parent / target).resolve()
            assert linked.is_relative_to(repo.resolve()), (document.name, target)
            assert linked.exists(), (document.name, target)


def template_computations(text: str) -> list[str]:
    """What a template works out instead of printing: arithmetic, joins, counts, inline
    choices, file names put together, and any knowledge of the row cache."""
    found = re.findall(r"{{[^}]*?(?: ~ | [-+*/] \d| if |\|\s*length)[^}]*}}", text)
    found += re.findall(r"{{ root }}[\w/-]*\.(?:csv|json|ics|xml)", text)
    return found + re.findall(r"cached_macro|reuse_rows", text)


def test_the_computation_check_finds_what_it_names() -> None:
    assert template_computations('{{ mark.x - 3 }} {{ "a" ~ b }} <a href="{{ root }}x.csv">')
    assert template_computations('{{ n }} item{{ "" if n == 1 else "s" }} {{ xs | length }}')
    assert template_computations("{{ row.title }} {{ link.href }} {% if x %}") == []


def test_templates_show_and_do_not_compute() -> None:
    templates = sorted((PACKAGE / "themes" / "default" / "templates").glob("*.html"))
    assert templates
    for template in templates:
        assert template_computations(template.read_text()) == [], template.name
