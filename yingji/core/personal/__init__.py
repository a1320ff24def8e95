"""Personal data (个人信息保护法, 等保 2.0 三级, GB/T 39335): ID numbers, phone numbers,
addresses and names of people outside the bureau stored SM4-encrypted under a key
outside the database, looked up by a blind index, masked everywhere by default and
shown in clear only through an audited permission (``reveal``).

- ``keys``: the data keyring (``YINGJI_DATA_KEYRING`` / ``YINGJI_DATA_KEYRING_JSON``).
- ``cipher``: SM4-GCM with the column as associated data; the blind index (HMAC-SM3).
- ``fields``: ``PersonalField``, ``BlindIndexField`` and the helpers modules use.
- ``reveal``: the permission ``core.reveal_personal_data`` and the audited reveal.

How a module declares its fields: docs/development.md, "Personal data".
"""
