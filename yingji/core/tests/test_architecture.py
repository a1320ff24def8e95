"""Views, viewsets, jobs, commands and demo loaders never write a domain model themselves.

Every write goes through a service (``docs/architecture.md``: a view that calls
``.save()`` on a domain object is a bug), so that it is checked for permission and
scope, audited and announced. This test reads the source of every such module and fails
on a call that writes: ``.save()`` (a ``ModelForm``'s or a serializer's too),
``.create()``, ``.update()``, ``.delete()`` and their bulk forms on a model, its manager
or a queryset; and on a DRF create/update/destroy mixin left to its default
``perform_*``, which saves through the serializer.

The check is syntactic, so it is a heuristic with a known blind side (a write hidden
behind a helper function, a related manager's ``.add()``); what it finds is exact enough
to keep a short allowlist. ``KNOWN_VIOLATIONS`` lists today's findings, which are being
moved into services; an entry that no longer matches anything fails the test too, so the
list only shrinks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

YINGJI = Path(__file__).resolve().parents[2]

# Module kinds that must not write, as globs under yingji/.
CHECKED_GLOBS = (
    "*/views*.py",
    "*/views/**/*.py",
    "*/api*.py",
    "*/api/**/*.py",
    "*/jobs.py",
    "*/jobs/**/*.py",
    "*/management/commands/*.py",
    "*/demo.py",
    "*/demo/**/*.py",
)

WRITE_METHODS = frozenset({
    "save", "create", "update", "delete", "bulk_create", "bulk_update",
    "get_or_create", "update_or_create",
})
# A receiver chain through one of these is a manager or a queryset.
MANAGER_ATTRS = frozenset({"objects", "_default_manager", "_base_manager"})
QUERYSET_METHODS = frozenset({
    "all", "filter", "exclude", "restrict", "get_queryset", "select_for_update",
    "select_related", "prefetch_related", "order_by", "only", "defer", "annotate", "none",
    "distinct", "using",
})
# Conventional names of a queryset held in a variable (``qs.update(...)``).
QUERYSET_NAMES = frozenset({"qs", "queryset", "rows"})
# ``.save()`` / ``.delete()`` receivers that are not models: spreadsheets and documents
# written to a response, the session, the cache and file storage.
NON_MODEL_RECEIVERS = frozenset({
    "wb", "workbook", "book", "doc", "document", "image", "img",
    "session", "cache", "storage", "default_storage",
})
# DRF mixins whose default ``perform_*`` calls ``serializer.save()`` / ``instance.delete()``,
# with the methods that, when the viewset defines one, take over from the default.
DRF_WRITE_MIXINS = {
    "CreateModelMixin": {"perform_create", "create"},
    "UpdateModelMixin": {"perform_update", "update"},
    "DestroyModelMixin": {"perform_destroy", "destroy"},
}
DRF_MODEL_VIEWSET = "ModelViewSet"

# Today's violations, as (file, source line stripped). Matching is by app and line text,
# so that a module split into a package keeps its entries; remove an entry when its
# write moves into a service. TODO(issue 25): removed by the kit.
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset({
    # The token's last use is bookkeeping of the authentication itself.
    ("yingji/core/api/auth.py",
     "ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())"),
    # Demo loaders writing in bulk instead of through the services.
})


@dataclass(frozen=True)
class Violation:
    path: str  # relative to the repository, e.g. yingji/hazards/demo.py
    line: int
    text: str  # the source line, stripped
    why: str

    @property
    def app(self) -> str:
        return self.path.split("/")[1]

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text}"


def _receiver_chain(node: ast.expr) -> list[str]:
    """The names along a receiver, outermost last: ``A.objects.filter(x)`` gives
    ``["A", "objects", "filter()"]``."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                parts.append(f"{func.attr}()")
                node = func.value
            elif isinstance(func, ast.Name):
                parts.append(f"{func.id}()")
                break
            else:
                break
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            break
    return list(reversed(parts))


def _write_reason(call: ast.Call) -> str | None:
    """Why ``call`` writes a model, or None."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in WRITE_METHODS:
        return None
    method = func.attr
    chain = _receiver_chain(func.value)
    bare = [part.removesuffix("()") for part in chain]
    if MANAGER_ATTRS & set(bare) or any(part[:-2] in QUERYSET_METHODS for part in chain
                                        if part.endswith("()")):
        return f"{method}() on a manager or queryset"
    last = bare[-1] if bare else ""
    if last in NON_MODEL_RECEIVERS or "session" in bare:
        return None
    if last in QUERYSET_NAMES or last.endswith("_qs") or last.endswith("_set"):
        return f"{method}() on a queryset"
    if method == "save":
        return "save() (a model, a ModelForm or a serializer)"
    if method == "delete" and not call.args and chain:
        return "delete() on a model instance"
    if method in ("create", "bulk_create", "get_or_create", "update_or_create") and last:
        # ``something.create(...)`` in these modules is a manager's (a related one's).
        return f"{method}() on a manager"
    return None


def _class_names(bases: list[ast.expr]) -> set[str]:
    names = set()
    for base in bases:
        chain = _receiver_chain(base)
        if chain:
            names.add(chain[-1])
    return names


def _mixin_reasons(cls: ast.ClassDef) -> list[str]:
    """DRF write mixins in ``cls``'s bases whose default saves through the serializer."""
    bases = _class_names(cls.bases)
    defined = {node.name for node in cls.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    wanted = {name: DRF_WRITE_MIXINS[name] for name in bases if name in DRF_WRITE_MIXINS}
    if DRF_MODEL_VIEWSET in bases:
        wanted.update(DRF_WRITE_MIXINS)
    return [f"{mixin} with its default perform_*" for mixin, overrides in sorted(wanted.items())
            if not overrides & defined]


def checked_files(root: Path = YINGJI) -> list[Path]:
    files: set[Path] = set()
    for pattern in CHECKED_GLOBS:
        files.update(path for path in root.glob(pattern)
                     if "tests" not in path.relative_to(root).parts and path.suffix == ".py")
    return sorted(files)


def find_violations(source: str, path: str) -> list[Violation]:
    """The writes in one module's source (``path`` as reported)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    for node in ast.walk(tree):
        reasons: list[str] = []
        if isinstance(node, ast.Call):
            reason = _write_reason(node)
            reasons = [reason] if reason else []
        elif isinstance(node, ast.ClassDef):
            reasons = _mixin_reasons(node)
        for reason in reasons:
            text = lines[node.lineno - 1].strip()
            found.append(Violation(path, node.lineno, text, reason))
    return sorted(found, key=lambda v: (v.path, v.line))


def all_violations() -> list[Violation]:
    found = []
    for file in checked_files():
        found += find_violations(file.read_text(encoding="utf-8"), file.relative_to(YINGJI.parent).as_posix())
    return found


def _key(app_or_path: str, text: str) -> tuple[str, str]:
    app = app_or_path.split("/")[1] if "/" in app_or_path else app_or_path
    return app, text


@pytest.fixture(scope="module")
def violations() -> list[Violation]:
    return all_violations()


def test_the_checked_modules_are_found() -> None:
    files = {path.relative_to(YINGJI).as_posix() for path in checked_files()}
    # One of each kind, so that a glob gone wrong cannot make the test pass vacuously.
    for expected in ("core/views/generic.py", "core/api/viewsets.py", "monitoring/jobs.py",
                     "core/management/commands/demo.py", "hazards/demo.py", "core/demo/builder.py"):
        assert expected in files


def test_views_viewsets_jobs_commands_and_demo_loaders_write_only_through_services(
    violations: list[Violation],
) -> None:
    allowed = {_key(path, text) for path, text in KNOWN_VIOLATIONS}
    new = [str(v) for v in violations if _key(v.path, v.text) not in allowed]
    assert not new, "write through a service instead:\n" + "\n".join(new)


def test_the_allowlist_only_shrinks(violations: list[Violation]) -> None:
    seen = {_key(v.path, v.text) for v in violations}
    stale = [f"{path}: {text}" for path, text in sorted(KNOWN_VIOLATIONS) if _key(path, text) not in seen]
    assert not stale, "fixed: remove from KNOWN_VIOLATIONS:\n" + "\n".join(stale)


@pytest.mark.parametrize(("source", "why"), [
    ("Hazard.objects.create(title='x')", "create() on a manager or queryset"),
    ("Hazard.objects.filter(pk=1).update(state='closed')", "update() on a manager or queryset"),
    ("Hazard._default_manager.all().delete()", "delete() on a manager or queryset"),
    ("self.get_queryset().filter(a=1).delete()", "delete() on a manager or queryset"),
    ("qs.update(state='x')", "update() on a queryset"),
    ("form.save()", "save() (a model, a ModelForm or a serializer)"),
    ("serializer.save(owner=user)", "save() (a model, a ModelForm or a serializer)"),
    ("self.object.save(update_fields=['a'])", "save() (a model, a ModelForm or a serializer)"),
    ("hazard.delete()", "delete() on a model instance"),
    ("incident.reports.create(text='x')", "create() on a manager"),
    ("enterprise.contact_set.update(phone='1')", "update() on a queryset"),
])
def test_a_write_is_recognised(source: str, why: str) -> None:
    assert [v.why for v in find_violations(source, "yingji/x/views.py")] == [why]


@pytest.mark.parametrize("source", [
    "context.update(extra)",
    "seen.update(codes)",
    "digest.update(chunk)",
    "params = request.GET.copy(); params.update({'page': 2})",
    "wb.save(buffer)",
    "document.save(buffer)",
    "request.session.save()",
    "cache.delete(key)",
    "default_storage.delete(name)",
    "response.delete_cookie('x')",
    "messages.success(request, '已保存')",
    "services.create_hazard(actor=actor, **data)",
    "Hazard.objects.filter(a=1).count()",
])
def test_a_non_write_is_not_flagged(source: str) -> None:
    assert find_violations(source, "yingji/x/views.py") == []


def test_a_drf_mixin_left_to_its_default_save_is_flagged() -> None:
    source = (
        "class A(mixins.CreateModelMixin, ScopedReadOnlyViewSet):\n    pass\n"
        "class B(mixins.CreateModelMixin, ScopedReadOnlyViewSet):\n"
        "    def perform_create(self, serializer):\n        services.add(serializer.validated_data)\n"
        "class C(viewsets.ModelViewSet):\n    def perform_create(self, s): ...\n"
    )
    found = [(v.line, v.why) for v in find_violations(source, "yingji/x/api.py")]
    assert found == [
        (1, "CreateModelMixin with its default perform_*"),
        (6, "DestroyModelMixin with its default perform_*"),
        (6, "UpdateModelMixin with its default perform_*"),
    ]


# --- one step dispatcher: core.steps ----------------------------------------------------
#
# A module's business steps are a ``core.steps.StepTable``; the page posts to a
# ``StepView`` and the API's action is ``step_action``. A module that builds the
# dispatcher again — its own ``Step`` dataclass, a view or an action that reads the
# step's name from the request and looks it up in its own table — fails here.

STEP_NAME_KEYS = frozenset({"name", "action", "step"})
STEP_TABLE_SUFFIXES = ("STEPS", "_VIEWS", "DECISIONS")
# Today's hand-built dispatchers, as (file, source line stripped), converted to core.steps
# by their modules' owners; remove an entry when its module is on core.steps (an entry
# that no longer matches fails the test, so the list only shrinks).
KNOWN_DISPATCHERS: frozenset[tuple[str, str]] = frozenset({
    # incidents
    ('yingji/incidents/views/duty.py',
     'return _VIEWS.get(request.POST.get("action", ""), _UNKNOWN)(request, pk=pk)'),
    ('yingji/incidents/views/incident_actions.py',
     'return _VIEWS.get(request.POST.get("action", ""), _UNKNOWN)(request, pk=pk)'),
    # monitoring
    ('yingji/monitoring/steps.py',
     'class AlarmStep:'),
    ('yingji/monitoring/views/alarms.py',
     'raise ValidationError(f"未知的操作：{self.request.POST.get(\'name\', \'\')[:20]}")'),
    ('yingji/monitoring/views/alarms.py',
     'view = STEP_VIEWS.get(request.POST.get("name", ""), UnknownStepView)'),
    # warnings
    ('yingji/warnings/steps.py',
     'class Step:'),
    ('yingji/warnings/steps.py',
     'step = STEPS.get(str((data or {}).get("name") or ""))'),
})


def _is_step_table(node: ast.expr) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name.isupper() and name.endswith(STEP_TABLE_SUFFIXES)


def _reads_step_name(call: ast.Call) -> bool:
    """``request.POST.get("name")`` / ``request.data.get("step", "")`` and the like."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "get" and call.args):
        return False
    key = call.args[0]
    chain = _receiver_chain(func.value)
    return (isinstance(key, ast.Constant) and key.value in STEP_NAME_KEYS
            and len(chain) >= 2 and chain[-2] == "request" and chain[-1] in ("POST", "data"))


def find_dispatchers(source: str, path: str) -> list[Violation]:
    """A module's own step dispatcher in one module's source."""
    tree = ast.parse(source)
    lines = source.splitlines()
    found = []
    for node in ast.walk(tree):
        why = ""
        if isinstance(node, ast.ClassDef) and (node.name == "Step" or node.name.endswith("Step")) and any(
                "dataclass" in ast.unparse(d) for d in node.decorator_list):
            why = "a Step dataclass of its own (use core.steps.Step)"
        elif isinstance(node, ast.Call) and _reads_step_name(node):
            why = "reads the step's name from the request (use core.steps' StepView / step_action)"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "get" and _is_step_table(node.func.value)):
            why = "looks a step up in a table of its own (use a core.steps.StepTable)"
        if why:
            found.append(Violation(path, node.lineno, lines[node.lineno - 1].strip(), why))
    return sorted(found, key=lambda v: (v.path, v.line))


def step_checked_files(root: Path = YINGJI) -> list[Path]:
    return sorted(path for path in root.glob("*/**/*.py") if path.relative_to(root).parts[0] != "core"
                  and "tests" not in path.relative_to(root).parts and "migrations" not in path.parts)


@pytest.fixture(scope="module")
def dispatchers() -> list[Violation]:
    found = []
    for file in step_checked_files():
        path = file.relative_to(YINGJI.parent).as_posix()
        found += find_dispatchers(file.read_text(encoding="utf-8"), path)
    return found


def test_no_module_builds_its_own_step_dispatcher(dispatchers: list[Violation]) -> None:
    allowed = {_key(path, text) for path, text in KNOWN_DISPATCHERS}
    new = [str(v) for v in dispatchers if _key(v.path, v.text) not in allowed]
    assert not new, "declare the steps in a core.steps.StepTable instead:\n" + "\n".join(new)


def test_the_dispatcher_allowlist_only_shrinks(dispatchers: list[Violation]) -> None:
    seen = {_key(v.path, v.text) for v in dispatchers}
    stale = [f"{path}: {text}" for path, text in sorted(KNOWN_DISPATCHERS) if _key(path, text) not in seen]
    assert not stale, "converted: remove from KNOWN_DISPATCHERS:\n" + "\n".join(stale)


@pytest.mark.parametrize("source", [
    "@dataclass(frozen=True)\nclass Step:\n    name: str\n",
    "@dataclasses.dataclass\nclass AlarmStep:\n    name: str\n",
    "view = STEP_VIEWS.get(request.POST.get('name', ''), UnknownStepView)",
    "name = str(request.data.get('name', ''))",
    "step = STEPS.get(name)",
    "handler = _VIEWS.get(request.POST.get('action', ''), _UNKNOWN)",
])
def test_a_hand_built_dispatcher_is_recognised(source: str) -> None:
    assert find_dispatchers(source, "yingji/x/views.py")


@pytest.mark.parametrize("source", [
    "STEPS = StepTable(Step('assign', form=AssignForm, service=assign), workflow=FLOW)",
    "transition = step_action(STEPS, 'transition', serializer=HazardSerializer)",
    "back = local_path(request, request.POST.get('next'))",
    "context['steps'] = STEPS.available(obj, self.actor)",
    "form = STEPS['assign'].form()",
    "value = request.GET.get('name')",
])
def test_using_core_steps_is_not_flagged(source: str) -> None:
    assert find_dispatchers(source, "yingji/x/views.py") == []
