"""The bulletin workflow's steps as a table: name -> (input form, service), declared
once and used by the detail page's buttons and by the API's ``transition`` endpoint.

``StepForm`` reads which step is asked for and then checks that step's own inputs;
``run`` calls the step's service with them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from yingji.core.actor import Actor
from yingji.warnings.forms import CommentStepForm, LevelStepForm, NoInputStepForm, UpdateStepForm
from yingji.warnings.models import Bulletin
from yingji.warnings.services import bulletins
from yingji.warnings.workflow import BULLETIN_FLOW

StepService = Callable[..., Bulletin]


@dataclass(frozen=True)
class Step:
    """One workflow step: the form of its inputs and the service that performs it."""

    form: type[forms.Form]
    service: StepService


STEPS: dict[str, Step] = {
    "submit": Step(CommentStepForm, bulletins.submit_bulletin),
    "reject": Step(CommentStepForm, bulletins.reject_bulletin),
    "publish": Step(CommentStepForm, bulletins.publish_bulletin),
    "update": Step(UpdateStepForm, bulletins.update_published_bulletin),
    "upgrade": Step(LevelStepForm, bulletins.upgrade_bulletin),
    "downgrade": Step(LevelStepForm, bulletins.downgrade_bulletin),
    "lift": Step(CommentStepForm, bulletins.lift_bulletin),
    "expire": Step(NoInputStepForm, bulletins.expire_bulletin),
}


class StepForm(forms.Form):
    """Which step (``name``), the version the actor saw, and the named step's inputs:
    once the name is known, the fields of that step's form join this one."""

    name = forms.ChoiceField(label="操作", choices=[(t.name, t.label) for t in BULLETIN_FLOW.transitions],
                             error_messages={"invalid_choice": "未知的操作：%(value)s"})
    version = forms.IntegerField(label="版本", required=False)

    def __init__(self, data: Any = None, *args: Any, version_required: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.fields["version"].required = version_required
        step = STEPS.get(str((data or {}).get("name") or ""))
        if step is not None:
            for key, field in step.form.base_fields.items():
                self.fields[key] = copy.deepcopy(field)


def run(bulletin: Bulletin, data: dict[str, Any], *, actor: Actor) -> Bulletin:
    """Perform the step a valid ``StepForm`` named, with its inputs."""
    values = dict(data)
    step = STEPS[values.pop("name")]
    return step.service(bulletin, actor=actor, **values)
