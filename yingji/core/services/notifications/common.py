"""What the parts of notifications share: acknowledgement channels, limits."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)

ACK_SALT = "yingji.ack"
ACK_VIA = {"web": "网页", "link": "短信链接", "sms": "短信回复", "phone": "电话"}
# An answer taken by telephone and recorded by a staff member on the recipient's behalf.
ACK_BY_PHONE = "phone"
# How far a recorded answer time may lie outside [sent, now]: clock skew, and a time
# typed to the minute.
ACK_TIME_TOLERANCE = timedelta(minutes=1)
MAX_ATTEMPTS = 3

logger = logging.getLogger(__name__)


# Rows per INSERT; SQLite's variable limit makes Django split smaller batches itself.
BULK_ROWS = 2000
