"""URL names are one namespace for the whole project: two apps must not claim the same
name, and a generic page link goes only to a view serving the model it is for."""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from yingji.core.views.base import object_url


def _views_by_name() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                # The API's format-suffix twin of a route has the same name and the same view.
                found[namespace + pattern.name].add(pattern.lookup_str)

    walk(get_resolver().url_patterns, "")
    return found


def test_no_two_views_share_a_url_name() -> None:
    shared = {name: sorted(views) for name, views in _views_by_name().items() if len(views) > 1}
    assert shared == {}, f"URL names claimed by more than one view (rename a model or a route): {shared}"


def test_the_names_of_both_risk_point_registers_are_their_own() -> None:
    views = _views_by_name()
    assert views["riskpoint_add"] == {"yingji.enterprises.views.records.RiskPointEditView"}
    assert all(view.startswith("yingji.flood.") for view in views["floodpoint_add"])
    assert all(view.startswith("yingji.enterprises.") for view in views["riskpoint-detail"])


def test_a_generic_link_goes_only_to_a_view_of_its_own_model() -> None:
    # Three apps have a model named Finding; only the incidents' has the finding_list page.
    incidents_finding = apps.get_model("incidents", "Finding")
    accidents_finding = apps.get_model("accidents", "Finding")
    assert object_url(incidents_finding, "list") == reverse("finding_list")
    assert object_url(accidents_finding, "list") is None
    assert object_url(apps.get_model("enforcement", "Finding"), "list") is None
