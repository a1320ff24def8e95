"""Inline SVG icons (outline style, 24x24, paths after Tabler Icons, MIT licence).

Kept inline so pages need no icon font or extra npm package. Unknown names fall back
to a circle, so a module may name an icon before it is added here.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

PATHS: dict[str, str] = {
    "database": "M4 6a8 3 0 1 0 16 0a8 3 0 1 0 -16 0|M4 6v6a8 3 0 0 0 16 0v-6"
                "|M4 12v6a8 3 0 0 0 16 0v-6",
    "certificate": "M5 3h14v12h-14z|M8 7h8|M8 11h5|M13 15v6l2 -1.5l2 1.5v-6",
    "home": "M5 12l-2 0l9 -9l9 9l-2 0|M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2 -2v-7"
            "|M9 21v-6a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v6",
    "bell": "M10 5a2 2 0 1 1 4 0a7 7 0 0 1 4 6v3a4 4 0 0 0 2 3h-16a4 4 0 0 0 2 -3v-3"
            "a7 7 0 0 1 4 -6|M9 17v1a3 3 0 0 0 6 0v-1",
    "map": "M3 7l6 -3l6 3l6 -3v13l-6 3l-6 -3l-6 3v-13|M9 4v13|M15 7v13",
    "map-pin": "M9 11a3 3 0 1 0 6 0a3 3 0 0 0 -6 0|M17.657 16.657l-4.243 4.243a2 2 0 0 1 "
               "-2.827 0l-4.244 -4.243a8 8 0 1 1 11.314 0z",
    "building": "M3 21l18 0|M9 8l1 0|M9 12l1 0|M9 16l1 0|M14 8l1 0|M14 12l1 0|M14 16l1 0"
                "|M5 21v-16a2 2 0 0 1 2 -2h10a2 2 0 0 1 2 2v16",
    "sitemap": "M3 17a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v2a2 2 0 0 1 -2 2h-2a2 2 0 0 1 -2 -2z"
               "|M15 17a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v2a2 2 0 0 1 -2 2h-2a2 2 0 0 1 -2 -2z"
               "|M9 5a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v2a2 2 0 0 1 -2 2h-2a2 2 0 0 1 -2 -2z"
               "|M6 15v-1a2 2 0 0 1 2 -2h8a2 2 0 0 1 2 2v1|M12 9l0 3",
    "users": "M5 7a4 4 0 1 0 8 0a4 4 0 1 0 -8 0|M3 21v-2a4 4 0 0 1 4 -4h4a4 4 0 0 1 4 4v2"
             "|M16 3.13a4 4 0 0 1 0 7.75|M21 21v-2a4 4 0 0 0 -3 -3.85",
    "user": "M8 7a4 4 0 1 0 8 0a4 4 0 0 0 -8 0|M6 21v-2a4 4 0 0 1 4 -4h4a4 4 0 0 1 4 4v2",
    "shield": "M12 3a12 12 0 0 0 8.5 3a12 12 0 0 1 -8.5 15a12 12 0 0 1 -8.5 -15"
              "a12 12 0 0 0 8.5 -3",
    "shield-check": "M11.46 20.846a12 12 0 0 1 -7.96 -14.846a12 12 0 0 0 8.5 -3a12 12 0 0 0 "
                    "8.5 3a12 12 0 0 1 -.09 7.06|M15 19l2 2l4 -4",
    "file-text": "M14 3v4a1 1 0 0 0 1 1h4|M17 21h-10a2 2 0 0 1 -2 -2v-14a2 2 0 0 1 2 -2h7"
                 "l5 5v11a2 2 0 0 1 -2 2z|M9 9l1 0|M9 13l6 0|M9 17l6 0",
    "logout": "M14 8v-2a2 2 0 0 0 -2 -2h-7a2 2 0 0 0 -2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2 -2v-2"
              "|M9 12h12l-3 -3|M18 15l3 -3",
    "download": "M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2 -2v-2|M7 11l5 5l5 -5|M12 4l0 12",
    "upload": "M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2 -2v-2|M7 9l5 -5l5 5|M12 4l0 12",
    "plus": "M12 5l0 14|M5 12l14 0",
    "edit": "M4 20h4l10.5 -10.5a2.828 2.828 0 1 0 -4 -4l-10.5 10.5v4|M13.5 6.5l4 4",
    "trash": "M4 7l16 0|M10 11l0 6|M14 11l0 6|M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2 -2l1 -12"
             "|M9 7v-3a1 1 0 0 1 1 -1h4a1 1 0 0 1 1 1v3",
    "search": "M3 10a7 7 0 1 0 14 0a7 7 0 1 0 -14 0|M21 21l-6 -6",
    "circle": "M3 12a9 9 0 1 0 18 0a9 9 0 1 0 -18 0",
    "alert-triangle": "M12 9v4|M10.363 3.591l-8.106 13.534a1.914 1.914 0 0 0 1.636 2.871"
                      "h16.214a1.914 1.914 0 0 0 1.636 -2.87l-8.106 -13.536a1.914 1.914 0 0 0 "
                      "-3.274 0z|M12 16h.01",
    "paperclip": "M15 7l-6.5 6.5a1.5 1.5 0 0 0 3 3l6.5 -6.5a3 3 0 0 0 -6 -6l-6.5 6.5"
                 "a4.5 4.5 0 0 0 9 9l6.5 -6.5",
    "check": "M5 12l5 5l10 -10",
    "checks": "M7 12l5 5l10 -10|M2 12l5 5m5 -5l5 -5",
    "chevron-right": "M9 6l6 6l-6 6",
    "list": "M9 6l11 0|M9 12l11 0|M9 18l11 0|M5 6l0 .01|M5 12l0 .01|M5 18l0 .01",
    "lock": "M5 13a2 2 0 0 1 2 -2h10a2 2 0 0 1 2 2v6a2 2 0 0 1 -2 2h-10a2 2 0 0 1 -2 -2v-6z"
            "|M11 16a1 1 0 1 0 2 0a1 1 0 0 0 -2 0|M8 11v-4a4 4 0 1 1 8 0v4",
    "activity": "M3 12h4l3 8l4 -16l3 8h4",
    "dashboard": "M5 4h4a1 1 0 0 1 1 1v6a1 1 0 0 1 -1 1h-4a1 1 0 0 1 -1 -1v-6a1 1 0 0 1 1 -1"
                 "|M5 16h4a1 1 0 0 1 1 1v2a1 1 0 0 1 -1 1h-4a1 1 0 0 1 -1 -1v-2a1 1 0 0 1 1 -1"
                 "|M15 12h4a1 1 0 0 1 1 1v6a1 1 0 0 1 -1 1h-4a1 1 0 0 1 -1 -1v-6a1 1 0 0 1 1 -1"
                 "|M15 4h4a1 1 0 0 1 1 1v2a1 1 0 0 1 -1 1h-4a1 1 0 0 1 -1 -1v-2a1 1 0 0 1 1 -1",
    "arrow-up": "M12 5l0 14|M18 11l-6 -6|M6 11l6 -6",
    "arrow-down": "M12 5l0 14|M18 13l-6 6|M6 13l6 6",
    "arrows-sort": "M3 9l4 -4l4 4m-4 -4v14|M21 15l-4 4l-4 -4m4 4v-14",
    "mail": "M3 7a2 2 0 0 1 2 -2h14a2 2 0 0 1 2 2v10a2 2 0 0 1 -2 2h-14a2 2 0 0 1 -2 -2v-10z"
            "|M3 7l9 6l9 -6",
    "clock": "M3 12a9 9 0 1 0 18 0a9 9 0 0 0 -18 0|M12 7v5l3 3",
}


def svg_icon(name: str, css_class: str = "icon") -> SafeString:
    """An inline ``<svg>`` for ``name`` (decorative: hidden from screen readers)."""
    paths = PATHS.get(name, PATHS["circle"]).split("|")
    body = "".join(format_html('<path d="{}"/>', d) for d in paths)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" width="24" height="24" '
        'viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" '
        'focusable="false">{}</svg>',
        css_class, mark_safe(body),  # body is built from format_html pieces above
    )
