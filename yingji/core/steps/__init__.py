"""A module's business steps as one table, declared once for the page and the API.

A step (下发整改, 签收, 审核发布, 作出处罚决定 …) is a name, a Chinese label, the form that
declares and checks its inputs and the service that performs it. A ``StepTable`` holds a
module's steps in order; the detail page's buttons post to a ``StepView``
(``core.steps.views``) with the step's ``name``, and the API's ``step``/``transition``
action comes from ``step_action`` (``core.steps.api``): both look the step up here,
validate with the same form and call the same service, so a module writes no
dispatcher of its own.

The service is called as ``service(obj, actor=actor, expected_version=version,
**inputs)``: the form's ``version`` (the version the person saw) goes to the keyword
``version_arg`` and the other cleaned fields (``inputs`` names which, when the service
takes fewer) are passed by name. A step whose call is shaped otherwise gives ``run(obj,
data, actor)`` instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from yingji.core.actor import Actor
from yingji.core.workflow import Workflow

# (obj, actor) -> the keyword arguments a step's form takes beyond the data.
FormKwargs = Callable[[Any, Any], dict[str, Any]]


class NoInputs(forms.Form):
    """The inputs of a step that has none but the version the person saw."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


def unknown_step(name: object) -> ValidationError:
    """The refusal of a step name the table does not hold (on the ``name`` field)."""
    return ValidationError({"name": f"未知的操作：{str(name or '')[:20]}"})


def _holds(actor: Actor, permission: str | None) -> bool:
    if permission is None or actor.is_system:
        return True
    return actor.user is not None and bool(actor.user.has_perm(permission))


@dataclass(frozen=True)
class Step:
    """One business step: its name, its Chinese label, its inputs and its service.

    ``form``: the inputs (default ``NoInputs``). ``service`` with ``version_arg`` and
    ``inputs``, or ``run(obj, data, actor)``: how it is performed. ``transitions``: the
    workflow transitions it may fire, for ``StepTable.available`` (default: its own
    name). ``target(obj, data)``: the row of ``obj`` the step acts on (a report of an
    incident), found in the posted data, 404 when it is not ``obj``'s. ``message``: the
    page's success message (text, or a function of the result). ``form_kwargs(obj,
    actor)``: what the form takes beyond the data.
    """

    name: str
    label: str = ""
    form: type[forms.BaseForm] = NoInputs
    service: Callable[..., Any] | None = None
    run: Callable[[Any, dict[str, Any], Actor], Any] | None = None
    version_arg: str = "expected_version"
    inputs: tuple[str, ...] | None = None
    transitions: tuple[str, ...] = ()
    target: Callable[[Any, Mapping[str, Any]], Any] | None = None
    message: str | Callable[[Any], str] | None = None
    form_kwargs: FormKwargs | None = None
    permission: str | None = None

    def __post_init__(self) -> None:
        if (self.service is None) == (self.run is None):
            raise TypeError(f"step {self.name!r}: give either service or run")

    def perform(self, obj: Any, data: Mapping[str, Any], actor: Actor) -> Any:
        """Perform the step on ``obj`` with its form's cleaned data; the service decides
        and refuses (PermissionDenied, ValidationError, TransitionRefused, StaleObject)."""
        values = dict(data)
        if self.run is not None:
            return self.run(obj, values, actor)
        assert self.service is not None
        kwargs: dict[str, Any] = {}
        if "version" in values:
            kwargs[self.version_arg] = values.pop("version")
        if self.inputs is not None:
            values = {key: values[key] for key in self.inputs if key in values}
        return self.service(obj, actor=actor, **kwargs, **values)

    def bind(self, obj: Any, actor: Actor, data: Any, files: Any = None,
             form_kwargs: FormKwargs | None = None) -> forms.BaseForm:
        """The step's form bound to the request's data (``obj`` is the object the page
        shows, or the row ``target`` found)."""
        make = self.form_kwargs or form_kwargs
        return self.form(data, files, **(make(obj, actor) if make else {}))


class StepTable:
    """A module's steps in order, looked up by name.

    ``workflow``: the steps' workflow, which gives a step without a label its
    transition's label, tells which steps an actor may take on an object now
    (``available``) and names the state in the page's success message.
    ``form_kwargs(obj, actor)``: what every step's form takes beyond the data (a step's
    own ``form_kwargs`` wins).
    """

    def __init__(self, *steps: Step, workflow: Workflow | None = None,
                 form_kwargs: FormKwargs | None = None) -> None:
        labelled = []
        for step in steps:
            if not step.label:
                if workflow is None:
                    raise TypeError(f"step {step.name!r} needs a label (or the table a workflow)")
                step = dataclasses.replace(step, label=workflow.transition(step.name).label)
            labelled.append(step)
        self.steps: tuple[Step, ...] = tuple(labelled)
        self.workflow = workflow
        self.form_kwargs = form_kwargs
        self._by_name = {step.name: step for step in labelled}
        if len(self._by_name) != len(self.steps):
            raise TypeError(f"a step name is given twice: {[s.name for s in self.steps]}")

    def never_for(self, step: Step, obj: Any, actor: Actor) -> str | None:
        """The label to refuse ``step`` with when the actor's permissions or roles never
        allow it (whatever the state or the inputs): the step's own permission, or, with
        a workflow, none of its transitions allowed to the actor (named as the workflow
        names it). None when it may be taken. Pages and the API refuse such a step with
        a 403 before reading its inputs."""
        if not _holds(actor, step.permission):
            return step.label
        if self.workflow is None:
            return None
        names = step.transitions or (step.name,)
        found = [t for t in self.workflow.transitions if t.name in names]
        if found and not any(self.workflow.allowed_for(actor, t, obj) for t in found):
            return found[0].label
        return None

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Step:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def get(self, name: str) -> Step | None:
        return self._by_name.get(name)

    def lookup(self, name: object) -> Step:
        """The step called ``name``; refused with "未知的操作：…" on the ``name`` field."""
        step = self._by_name.get(str(name or ""))
        if step is None:
            raise unknown_step(name)
        return step

    def only(self, *names: str) -> StepTable:
        """The same table holding only ``names`` (a team's own steps of an order)."""
        return StepTable(*(self[name] for name in names), workflow=self.workflow,
                         form_kwargs=self.form_kwargs)

    def available(self, obj: Any, actor: Actor) -> list[Step]:
        """The steps ``actor`` may take on ``obj`` now: those with a workflow transition
        the workflow offers and whose own ``permission`` the actor holds (without a
        workflow, every step the actor holds the permission of)."""
        permitted = [step for step in self.steps if _holds(actor, step.permission)]
        if self.workflow is None:
            return permitted
        offered = {t.name for t in self.workflow.available(obj, actor)}
        return [step for step in permitted if offered & set(step.transitions or (step.name,))]

    def bind(self, step: Step, obj: Any, actor: Actor, data: Any,
             files: Any = None) -> forms.BaseForm:
        """``step``'s form bound to ``data``, with the table's form arguments."""
        return step.bind(obj, actor, data, files, self.form_kwargs)

    def done_message(self, step: Step, result: Any) -> str:
        """The page's success message: the step's own, else "下发整改完成：整改中" (the
        state after it) or "…已完成" without a workflow."""
        if callable(step.message):
            return step.message(result)
        if step.message:
            return step.message
        state = getattr(result, "state", None)
        if self.workflow is not None and state is not None:
            return f"{step.label}完成：{self.workflow.label(state)}"
        return f"{step.label}已完成"
