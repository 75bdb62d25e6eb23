"""The import rules between the packages and modules of generator/, and what code may not do."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "generator"
# Earlier modules first: a module may import only modules listed before it, so the import
# graph reads in one direction. Modules are named from the package: "content.model".
ORDER = [
    "errors",
    "engine.collector",
    "engine.parallel",
    "engine.cache",
    "engine.locks",
    "engine.write",
    "engine.reuse",
    "engine.pagefind_files",
    "engine.search",
    "content.model",
    "content.addresses",
    "content.date_words",
    "content.safeyaml",
    "content.schema",
    "content.load",
    "content.history",
    "content.validate",
    "content.crossref",
    "content.review",
    "content.agenda",
    "content.dated",
    "site.urls",
    "site.people",
    "site.wording",
    "site.theme_files",
    "site.brand_colours",
    "site.theme_templates",
    "site.markup",
    "site.mail_body",
    "site.charts",
    "site.keys",
    "site.sitemap",
    "site.pages",
    "site.changes",
    "site.feeds",
    "site.calendars",
    "site.exports",
    "site.render",
    "site.linkcheck",
    "inputs",
    "make",
    "build",
    "serve.stored",
    "serve.incremental",
    "scaffold.create",
    "scaffold.upgrade",
    "serve.server",
    "mail",
    "cli",
    "__main__",
]
# What each package may import besides itself and `errors`. The stages (content, site) are
# pure: they know nothing of the machinery (engine: cache, workers, reuse, writing), which
# only the pipeline (`build`) brings to them; the engine knows no stage.
MAY_IMPORT = {
    "engine": set(),
    "content": set(),
    "site": {"content"},
    "scaffold": {"content", "site", "make"},
    "serve": {"content", "site", "engine", "inputs", "make"},
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def modules() -> list[str]:
    return sorted(module_name(p) for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def internal_imports(module: str) -> set[str]:
    """The package's modules that `module` imports (as "package.module")."""
    path = PACKAGE / (module.replace(".", "/") + ".py")
    tree = ast.parse(path.read_text())
    known = set(modules())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "generator" or node.module.startswith("generator."):
                base = node.module.removeprefix("generator").removeprefix(".")
                for alias in node.names:
                    dotted = f"{base}.{alias.name}" if base else alias.name
                    found.add(dotted if dotted in known else base)
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("generator.")
                for a in node.names
                if a.name.startswith("generator.")
            )
    return found - {"", "__version__"}


def package_of(module: str) -> str:
    return module.split(".")[0] if "." in module else ""


def test_every_module_is_placed_in_the_pipeline_order() -> None:
    assert set(modules()) <= set(ORDER), set(modules()) - set(ORDER)


def test_the_packages_are_the_ones_the_architecture_names() -> None:
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders == set(MAY_IMPORT)


def test_stages_import_only_earlier_stages() -> None:
    for position, module in enumerate(ORDER):
        if module in modules():
            assert internal_imports(module) <= set(ORDER[:position]), module


def test_packages_import_only_what_the_rules_allow() -> None:
    """content never imports site, serve, scaffold or the pipeline; site never imports the
    pipeline, serve or scaffold; the engine imports no stage."""
    for module in modules():
        package = package_of(module)
        if package not in MAY_IMPORT:
            continue
        allowed = MAY_IMPORT[package] | {package, ""}
        for imported in internal_imports(module):
            target = package_of(imported) if "." in imported else imported
            target = "" if target == "errors" else target
            assert target in allowed, f"{module} imports {imported}"


def test_the_rule_check_sees_an_import_across_packages() -> None:
    assert "site.pages" in internal_imports("site.render")
    assert "engine.cache" in internal_imports("build")
    assert package_of("site.render") == "site" and package_of("cli") == ""


def test_the_rule_check_sees_an_import_inside_a_function() -> None:
    """Imports deferred into the functions that need them obey the same rules: the check
    walks the whole module, not its top level (cli imports the pipeline only in its command
    functions, so that `--version` starts at once)."""
    tree = ast.parse((PACKAGE / "cli.py").read_text())
    top_level = {node.module for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert "generator.build" not in top_level
    assert {"build", "serve.server", "mail"} <= internal_imports("cli")


def test_model_and_errors_import_nothing_internal() -> None:
    assert internal_imports("content.model") == set()
    assert internal_imports("errors") == set()


# The files other apps read (a calendar, a spreadsheet, a search engine's sitemap) are made
# from the model, not from the pages' views: they share words with the pages (`site.people`,
# `site.urls`), never the page module.
OTHER_APPS_FILES = ("site.calendars", "site.exports", "site.sitemap")


def test_the_calendars_exports_and_sitemap_do_not_import_the_page_module() -> None:
    for module in OTHER_APPS_FILES:
        assert "site.pages" not in internal_imports(module), module
    assert internal_imports("site.people") == set()


PIPELINE = {"inputs", "make", "build"}  # what a build reads, the whole pipeline, the build


def test_no_stage_imports_the_pipeline() -> None:
    importers = {m for m in modules() if PIPELINE & internal_imports(m)} - PIPELINE
    assert importers == {"cli", "mail", "scaffold.create", "serve.incremental", "serve.server"}


def test_the_build_imports_the_whole_pipeline_only_where_it_runs_it() -> None:
    """The build's module imports `make` (and through it every stage) inside the functions
    that run it, so a build that keeps its site starts without the stages."""
    tree = ast.parse((PACKAGE / "build.py").read_text())
    top_level = {node.module for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert "generator.make" not in top_level
    assert "make" in internal_imports("build")
    assert not {"content.validate", "content.crossref", "site.pages", "site.render"} & {
        module.removeprefix("generator.") for module in top_level if module
    }


def test_python_m_generator_still_runs_the_command_line() -> None:
    assert internal_imports("__main__") == {"cli"}


def global_statements(source: str) -> list[int]:
    """The lines of every `global` statement, at any depth (a function rebinding a
    module-level name is module-level state)."""
    return [node.lineno for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Global)]


def test_the_global_check_finds_a_global_inside_a_function() -> None:
    source = "_task = None\n\ndef run(task):\n    if task:\n        global _task\n"
    assert global_statements(source) == [5]
    assert global_statements("def run(task):\n    return task\n") == []


_MUTABLE = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)


def mutable_module_values(source: str) -> list[int]:
    """The lines where a module binds a name to a dict, list or set (a literal, a
    comprehension or a call of `dict`, `list` or `set`): state any code could change."""
    lines = []
    for node in ast.parse(source).body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        called = value.func if isinstance(value, ast.Call) else None
        if isinstance(value, _MUTABLE) or (
            isinstance(called, ast.Name) and called.id in {"dict", "list", "set"}
        ):
            lines.append(node.lineno)
    return lines


def test_the_mutable_value_check_finds_a_dict_a_list_and_a_set() -> None:
    source = "A = {}\nB: list[int] = [1]\nC = set('ab')\nD = frozenset('ab')\nE = (1,)\n"
    assert mutable_module_values(source) == [1, 2, 3]
    assert mutable_module_values("def run():\n    seen = {}\n    return seen\n") == []


def test_no_module_named_utils_and_no_module_level_settings() -> None:
    """No `global` statement, and no module-level dict, list or set: a module's constants are
    immutable (a tuple, a frozenset, a MappingProxyType)."""
    assert not (PACKAGE / "utils.py").exists()
    modules = sorted(PACKAGE.rglob("*.py"))
    assert modules
    for path in modules:
        source = path.read_text()
        assert global_statements(source) == [], f"{path.name} uses a global statement"
        assert mutable_module_values(source) == [], f"{path.name} has a mutable module value"


def test_docs_link_only_to_files_in_the_repository() -> None:
    """README, CONTRIBUTING and docs/ point at files that exist, and never outside the
    repository."""
    repo = PACKAGE.parent
    for document in [repo / "README.md", repo / "CONTRIBUTING.md", *(repo / "docs").glob("*.md")]:
        text = re.sub(r"(?ms)^ *```.*?^ *```", "", document.read_text())  # examples are not links
        text = re.sub(r"``.*?``|`[^`\n]*`", "", text)  # nor are those in code spans
        assert "../" + "shared" not in text and "/work/" not in text, document.name
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


def defined_twice(source: str) -> list[str]:
    """The names a module defines more than once at its top level (a function, class or
    constant): the later one silently replaces the earlier, so callers above it may not get
    what they read."""
    seen: set[str] = set()
    twice = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [node.name]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [target.id for target in targets if isinstance(target, ast.Name)]
        else:
            continue
        twice.extend(name for name in names if name in seen)
        seen.update(names)
    return twice


def test_the_defined_twice_check_finds_a_function_and_a_class_written_again() -> None:
    source = "def a():\n    pass\n\nclass B:\n    pass\n\ndef a(x):\n    pass\n\nclass B: ...\n"
    assert defined_twice(source) == ["a", "B"]
    # a module's constant given again further down (its first users then read the second)
    assert defined_twice("_ITEM = 1\nX: int = 2\n\ndef f():\n    _ITEM = 3\n_ITEM = 4\n") == [
        "_ITEM"
    ]
    assert defined_twice("def a():\n    def a():\n        pass\n\ndef b():\n    pass\n") == []


def test_no_module_defines_a_function_class_or_constant_twice() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert modules
    for path in modules:
        assert defined_twice(path.read_text()) == [], path.relative_to(PACKAGE)
