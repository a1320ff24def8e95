"""Pure rules: distances, estimates, greedy coverage, shelter assignment, ledger replay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yingji.resources import rules


def test_haversine_matches_a_known_distance() -> None:
    # 武汉 (114.3055, 30.5928) to 北京 (116.4074, 39.9042): about 1,052 km.
    distance = rules.haversine_m(114.3055, 30.5928, 116.4074, 39.9042)
    assert 1_045_000 < distance < 1_060_000


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert rules.haversine_m(114.0, 30.0, 114.0, 31.0) == pytest.approx(111_195, rel=1e-3)


@given(st.floats(0, 50_000), st.floats(1, 3), st.floats(5, 120))
def test_estimate_and_reach_are_inverse(distance: float, detour: float, speed: float) -> None:
    seconds = rules.estimate_travel_seconds(distance, detour_factor=detour, speed_kmh=speed)
    back = rules.estimate_reach_m(seconds, detour_factor=detour, speed_kmh=speed)
    assert back == pytest.approx(distance, rel=1e-9, abs=1e-6)


def test_estimate_uses_detour_and_speed() -> None:
    # 10 km straight, factor 1.5 → 15 km at 30 km/h = 30 minutes.
    assert rules.estimate_travel_seconds(10_000, detour_factor=1.5, speed_kmh=30) == pytest.approx(1800)


def test_estimate_refuses_nonsense_parameters() -> None:
    with pytest.raises(ValueError, match="绕行系数"):
        rules.estimate_travel_seconds(1, detour_factor=0.5, speed_kmh=30)
    with pytest.raises(ValueError, match="车速"):
        rules.estimate_travel_seconds(1, detour_factor=1.2, speed_kmh=0)


def test_coordinates_outside_china_are_refused_with_a_chinese_message() -> None:
    rules.check_coordinates(114.3, 30.6)
    rules.check_coordinates(None, None)
    with pytest.raises(rules.CoordinateError, match="超出服务范围"):
        rules.check_coordinates(30.6, 114.3)  # swapped
    with pytest.raises(rules.CoordinateError, match="同时填写"):
        rules.check_coordinates(114.3, None)


def test_greedy_coverage_picks_the_largest_gain_first() -> None:
    weights = [10, 10, 10, 1, 50]
    candidates = {"a": {0, 1, 2}, "b": {2, 3}, "c": {4}, "d": {0, 4}}
    picks = rules.greedy_max_coverage(candidates, weights, 2)
    assert picks == [("d", 60), ("a", 20)]


def test_greedy_coverage_stops_when_nothing_is_gained() -> None:
    picks = rules.greedy_max_coverage({"a": {0}, "b": {0}}, [5], 3, already_covered=[0])
    assert picks == []


@given(st.lists(st.sets(st.integers(0, 19), max_size=8), min_size=1, max_size=8),
       st.integers(1, 5))
def test_greedy_gains_never_increase_and_sum_to_the_covered_weight(
        sets: list[set[int]], count: int) -> None:
    weights = [float(i % 7 + 1) for i in range(20)]
    candidates = {f"s{i}": frozenset(s) for i, s in enumerate(sets)}
    picks = rules.greedy_max_coverage(candidates, weights, count)
    gains = [gain for _, gain in picks]
    assert gains == sorted(gains, reverse=True)
    covered = set().union(*(candidates[site] for site, _ in picks)) if picks else set()
    assert sum(gains) == pytest.approx(sum(weights[i] for i in covered))


def test_shelter_assignment_fills_the_nearest_then_spills_and_reports_the_rest() -> None:
    demands = [rules.Demand("c1", 114.30, 30.60, 800), rules.Demand("c2", 114.40, 30.60, 300)]
    sites = [rules.Site("s1", 114.301, 30.60, 500), rules.Site("s2", 114.399, 30.60, 400)]
    placement = rules.assign_shelters(demands, sites)
    assert placement.assigned["c1"][0][:2] == ("s1", 500)
    assert placement.assigned["c2"][0][:2] == ("s2", 300)
    assert placement.assigned["c1"][1][:2] == ("s2", 100)
    assert placement.unplaced == {"c1": 200}
    assert placement.load == {"s1": 500, "s2": 400}


def test_shelter_assignment_honours_the_service_radius() -> None:
    demands = [rules.Demand("far", 114.90, 30.60, 100)]
    sites = [rules.Site("s", 114.30, 30.60, 1000)]
    placement = rules.assign_shelters(demands, sites, max_distance_m=5_000)
    assert placement.unplaced_total == 100 and placement.assigned == {}


@given(st.lists(st.tuples(st.integers(0, 500), st.floats(114, 114.5), st.floats(30.4, 30.8)),
                max_size=6),
       st.lists(st.tuples(st.integers(0, 500), st.floats(114, 114.5), st.floats(30.4, 30.8)),
                max_size=6))
def test_assignment_conserves_people_and_respects_capacity(
        communities: list[tuple[int, float, float]], shelters: list[tuple[int, float, float]]) -> None:
    demands = [rules.Demand(f"c{i}", lon, lat, n) for i, (n, lon, lat) in enumerate(communities)]
    sites = [rules.Site(f"s{i}", lon, lat, n) for i, (n, lon, lat) in enumerate(shelters)]
    placement = rules.assign_shelters(demands, sites)
    placed = sum(take for rows in placement.assigned.values() for _, take, _ in rows)
    assert placed + placement.unplaced_total == sum(d.population for d in demands)
    for site in sites:
        assert placement.load[site.key] <= site.capacity


def test_ledger_refuses_going_below_zero() -> None:
    assert rules.apply_movement(Decimal(5), Decimal(-5)) == 0
    with pytest.raises(rules.LedgerError, match="库存不足"):
        rules.apply_movement(Decimal(5), Decimal(-6))


@given(st.lists(st.tuples(st.sampled_from("ab"), st.integers(0, 50)), max_size=30))
def test_replay_of_inbound_only_is_the_sum(entries: list[tuple[str, int]]) -> None:
    stock = rules.replay((k, Decimal(q)) for k, q in entries)
    for key in "ab":
        assert stock.get(key, Decimal(0)) == sum(q for k, q in entries if k == key)


def test_expiry_states() -> None:
    today = date(2026, 6, 1)
    assert rules.expiry_state(date(2026, 5, 31), today, 30) == "expired"
    assert rules.expiry_state(date(2026, 6, 1), today, 30) == "expiring"
    assert rules.expiry_state(date(2026, 7, 1), today, 30) == "expiring"
    assert rules.expiry_state(date(2026, 7, 2), today, 30) == "ok"
    assert rules.expiry_state(None, today, 30) == "ok"


def test_shortage_against_the_standard() -> None:
    assert rules.shortage(Decimal(80), Decimal(100)) == 20
    assert rules.shortage(Decimal(120), Decimal(100)) == 0


def test_gb21734_classes_by_stay() -> None:
    assert [rules.shelter_class_for_days(d) for d in (3, 9, 10, 30, 31)] == [
        "III", "III", "II", "II", "I"]


def test_capacity_from_area() -> None:
    assert rules.shelter_capacity(10_000, 2.0) == 5000
    with pytest.raises(ValueError):
        rules.shelter_capacity(10, 0)
