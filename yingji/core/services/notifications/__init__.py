"""Notifications (站内消息) and call-and-acknowledge (叫应).

``notify`` stores one in-app message per recipient and, for each further channel asked
for, a ``Delivery`` that a background job carries (with retries). A message may require
acknowledgement: answered in the web app, through the signed link in the message, by
SMS reply, or by telephone (recorded by a duty officer). Unanswered by its deadline it
is sent again once, then escalated one level up ``escalation_chain`` per interval; every
step lands on the subject's timeline. The parts: ``sending`` (notify and the ack link),
``deliveries`` (carrying them), ``acks`` (answers and the deadline check), ``inbox``.
"""

from yingji.core.services.notifications.acks import (
    AckCheck,
    ack_by_sms_reply,
    acknowledge,
    check_acknowledgements,
)
from yingji.core.services.notifications.common import (
    ACK_BY_PHONE,
    ACK_SALT,
    ACK_TIME_TOLERANCE,
    ACK_VIA,
    BULK_ROWS,
    MAX_ATTEMPTS,
)
from yingji.core.services.notifications.deliveries import (
    CLAIM_LEASE,
    DUE_TOLERANCE,
    OPEN_STATUSES,
    STALE_AFTER,
    BatchResult,
    requeue_stale_deliveries,
    retry_delay,
    send_deliveries,
    send_delivery,
)
from yingji.core.services.notifications.inbox import (
    delivery_summary,
    mark_all_read,
    mark_read,
    unread_count,
)
from yingji.core.services.notifications.sending import (
    ack_url,
    message_of,
    note_from_token,
    notify,
    schedule_ack_checks,
)

__all__ = [
    "ACK_BY_PHONE", "ACK_SALT", "ACK_TIME_TOLERANCE", "ACK_VIA", "BULK_ROWS", "CLAIM_LEASE",
    "DUE_TOLERANCE", "MAX_ATTEMPTS", "OPEN_STATUSES", "STALE_AFTER", "AckCheck", "BatchResult",
    "ack_by_sms_reply", "ack_url", "acknowledge", "check_acknowledgements", "delivery_summary",
    "mark_all_read", "mark_read", "message_of", "note_from_token", "notify",
    "requeue_stale_deliveries", "retry_delay", "schedule_ack_checks", "send_deliveries",
    "send_delivery", "unread_count",
]
