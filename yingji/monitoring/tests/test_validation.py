"""Validation of messages and readings."""

import json

from yingji.monitoring.ingest.validation import (
    CheckedReading,
    Limits,
    PointSpec,
    Reject,
    check_reading,
    parse_message,
)

POINTS = {"LT-101": PointSpec(1, "m", 0.0, 10.0)}
NOW = 1_764_057_600.0
LIMITS = Limits(max_payload_bytes=1000, max_future_seconds=300, max_past_seconds=3600)


def check(item, default_ts=None):
    return check_reading(item, POINTS, NOW, LIMITS, default_ts)


def test_a_good_reading():
    r = check({"point": "LT-101", "value": 3.5, "unit": "m", "ts": "2025-11-25T16:00:00+08:00"})
    assert r == CheckedReading(1, NOW, 3.5, False)


def test_out_of_range_is_flagged_not_rejected():
    r = check({"point": "LT-101", "value": 12.0, "ts": NOW})
    assert isinstance(r, CheckedReading) and r.out_of_range


def test_batch_timestamp_is_the_default():
    r = check({"point": "LT-101", "value": 1}, default_ts=NOW - 10)
    assert isinstance(r, CheckedReading) and r.ts == NOW - 10


def test_rejections():
    cases = {
        "unknown_point": {"point": "XX", "value": 1, "ts": NOW},
        "wrong_unit": {"point": "LT-101", "value": 1, "unit": "cm", "ts": NOW},
        "not_numeric": {"point": "LT-101", "value": "1.2", "ts": NOW},
        "future_timestamp": {"point": "LT-101", "value": 1, "ts": NOW + 301},
        "stale_timestamp": {"point": "LT-101", "value": 1, "ts": NOW - 3601},
        "bad_timestamp": {"point": "LT-101", "value": 1, "ts": "2026-11-25T08:00:00"},
        "malformed": ["LT-101", 1],
    }
    for code, item in cases.items():
        r = check(item)
        assert isinstance(r, Reject) and r.code == code, (code, r)
    assert check({"point": "LT-101", "value": True, "ts": NOW}).code == "not_numeric"


def test_message_level_rejections():
    assert parse_message(b"x" * 1001, LIMITS).code == "oversized"
    assert parse_message(b"{not json", LIMITS).code == "malformed"
    assert parse_message(b"[1]", LIMITS).code == "malformed"
    assert parse_message(b'{"readings": []}', LIMITS).code == "malformed"
    assert parse_message(b'{"readings": [{"point": "LT-101", "value": NaN}]}', LIMITS).code == "not_a_number"
    good = parse_message(json.dumps({"readings": [{"point": "LT-101", "value": 1}]}).encode(), LIMITS)
    assert isinstance(good, dict)
