"""Region import from the packaged datasets and the import-regions command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from yingji.core.models import Region
from yingji.core.services.regions import import_regions, parse_prefixes
from yingji.core.testing import system

pytestmark = pytest.mark.django_db


def test_wuhan_tree_is_complete_with_levels_parents_and_centroids() -> None:
    wuhan = Region.objects.get(code="420100000000")
    assert (wuhan.name, wuhan.level, wuhan.parent_id, wuhan.prefix) == (
        "武汉市", 2, "420000000000", "4201")
    jiangan = Region.objects.get(code="420102000000")
    assert jiangan.full_name == "湖北省武汉市江岸区"
    assert jiangan.longitude is not None and 114 < jiangan.longitude < 115
    assert Region.objects.filter(parent=wuhan, level=3).count() == 13
    street = Region.objects.get(code="420102002000")
    assert (street.name, street.level, street.parent_id) == ("大智街道", 4, "420102000000")
    assert Region.objects.filter(parent=street, level=5).exists()


def test_subtree_is_a_code_prefix_range() -> None:
    codes = set(Region.objects.subtree("420102").values_list("code", flat=True))
    assert "420102000000" in codes and "420102002000" in codes
    assert all(code.startswith("420102") for code in codes)
    assert "420103000000" not in codes


def test_reimport_is_idempotent() -> None:
    before = Region.objects.subtree("370202").count()
    result = import_regions(["370202"], actor=system())
    assert result.created == 0 and result.updated >= before
    assert Region.objects.subtree("370202").count() == before


def test_import_county_brings_its_ancestors() -> None:
    import_regions(["430623"], actor=system())
    huarong = Region.objects.get(code="430623000000")
    assert huarong.full_name == "湖南省岳阳市华容县"
    assert huarong.parent.parent.name == "湖南省"


def test_city_without_counties_attaches_streets_to_the_city() -> None:
    import_regions(["4419"], actor=system())
    street = Region.objects.filter(code__startswith="4419", level=4).first()
    assert street is not None and street.parent_id == "441900000000"


def test_prefix_parsing_and_bad_codes() -> None:
    assert parse_prefixes(["42", "3702", "430623"]) == ["42", "3702", "430623"]
    with pytest.raises(CommandError, match="只能包含数字"):
        call_command("import_regions", "--province", "4x")
    with pytest.raises(CommandError, match="应为2、4、6、9或12位"):
        call_command("import_regions", "--prefix", "42011")
