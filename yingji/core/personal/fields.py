"""Model fields for personal data and the helpers around them.

``PersonalField(kind=…)`` stores its value SM4-encrypted (``cipher``) and gives it back
in clear in Python: services, SMS gateways and documents read ``obj.phone`` as usual;
pages, exports, the API and the audit log show it masked (``core.masking``). A column
that must be found by value gets a ``BlindIndexField(source=…)`` beside it, filled on
every save; ``matches`` builds the lookup. Filtering on the encrypted column itself is
refused (the ciphertext is different every time): use the blind index, exact values only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models import Q, signals
from django.db.models.lookups import Exact, IsNull, Lookup
from django.forms.boundfield import BoundField

from yingji.core import masking
from yingji.core.personal import cipher

KINDS = tuple(masking.MASKERS)


def column_identity(model: type[models.Model] | Any, name: str) -> str:
    """``app_label.model.field``: the associated data of a column's ciphertext."""
    return f"{model._meta.label_lower}.{name}"


class PersonalField(models.TextField):
    """A person's phone, ID number, address or name, stored SM4-encrypted under the data
    keyring with the column as associated data. ``max_length`` limits the plaintext."""

    description = "个人信息（SM4加密）"

    def __init__(self, *args: Any, kind: str = "phone", **kwargs: Any) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown personal data kind {kind!r}")
        self.kind = kind
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    @property
    def column_identity(self) -> str:
        return column_identity(self.model, self.name)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value or not cipher.is_ciphertext(value):
            return value  # empty, or a row stored before its migration encrypted it
        return cipher.decrypt(value, self.column_identity)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return cipher.encrypt(str(value), self.column_identity)

    def masked(self, value: Any) -> str:
        return masking.mask(self.kind, str(value or ""))

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults: dict[str, Any] = {"form_class": PersonalFormField, "kind": self.kind,
                                    "max_length": self.max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class _Refused(Lookup):
    """A comparison an encrypted column cannot answer."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        raise FieldError(f"个人信息字段已加密，不能按“{self.lookup_name}”查询：请用盲索引"
                         "（core.personal.fields.matches）按完整值查找")


class _EmptyOnlyExact(Exact):
    """``field=""`` still finds unset values; any other value needs the blind index."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError("个人信息字段已加密，不能按值查询：请用盲索引"
                             "（core.personal.fields.matches）按完整值查找")
        return super().get_prep_lookup()


PersonalField.register_lookup(_EmptyOnlyExact)
PersonalField.register_lookup(IsNull)
for _name in ("iexact", "contains", "icontains", "startswith", "istartswith", "endswith",
              "iendswith", "in", "gt", "gte", "lt", "lte", "range", "regex", "iregex"):
    PersonalField.register_lookup(type(f"Refused_{_name}", (_Refused,), {"lookup_name": _name}))


class BlindIndexField(models.CharField):
    """The keyed HMAC-SM3 of a ``PersonalField``'s normalised value (``source``), filled
    on every save; a save with ``update_fields`` naming the source must name it too."""

    description = "个人信息盲索引"

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("editable", False), ("blank", True),
                             ("default", ""), ("db_index", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def source_field(self) -> PersonalField:
        field = self.model._meta.get_field(self.source)
        assert isinstance(field, PersonalField), f"{self.source} is not a PersonalField"
        return field

    def index_of(self, value: str) -> str:
        source = self.source_field()
        return cipher.blind_index(value, source.column_identity, source.kind)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.index_of(getattr(model_instance, self.source_field().attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract:
            signals.pre_save.connect(_index_follows(self.source, name), sender=cls, weak=False)


def _index_follows(source: str, index: str) -> Callable[..., None]:
    def check(sender: Any, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
        if update_fields is not None and source in update_fields and index not in update_fields:
            raise ValueError(f"save(update_fields=…) names {source} but not its blind index {index}")
    return check


# --- helpers ------------------------------------------------------------------------------


def personal_fields(model: type[models.Model] | models.Model) -> list[PersonalField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, PersonalField)]


def personal_field(model: type[models.Model] | models.Model, name: str) -> PersonalField | None:
    for field in personal_fields(model):
        if name in (field.name, field.attname):
            return field
    return None


def index_field(model: type[models.Model] | models.Model, source: str) -> BlindIndexField | None:
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source == source:
            return field
    return None


def masked_value(obj: models.Model, name: str) -> str:
    """The masked text of personal field ``name`` of ``obj``."""
    field = personal_field(obj, name)
    if field is None:
        raise ValueError(f"{name} is not a personal field of {obj._meta.label}")
    return field.masked(getattr(obj, field.attname))


def matches(model: type[models.Model], path: str, value: str) -> Q:
    """A Q finding rows whose personal field at ``path`` (``phone``,
    ``recipient__phone``) equals ``value`` (normalised: a phone's digits, an ID number in
    upper case), through the field's blind index. An empty value matches nothing."""
    parts = path.split("__")
    current: Any = model
    for part in parts[:-1]:
        current = current._meta.get_field(part).related_model
    index = index_field(current, parts[-1])
    if index is None:
        raise FieldError(f"{current._meta.label}.{parts[-1]} 没有盲索引，不能按值查找")
    digest = index.index_of(value or "")
    if not digest:
        return Q(pk__in=[])
    return Q(**{"__".join([*parts[:-1], index.name]): digest})


def phone_matches(queryset: models.QuerySet[Any], path: str, value: str) -> models.QuerySet[Any]:
    """``queryset`` narrowed to rows whose phone at ``path`` is ``value``."""
    return queryset.filter(matches(queryset.model, path, value))


# --- forms --------------------------------------------------------------------------------


class PersonalBoundField(BoundField):
    """Never renders the stored value: an empty box whose placeholder is the mask."""

    def value(self) -> Any:
        if self.form.is_bound and not self.field.disabled:
            return super().value()
        return ""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.initial:
            field: Any = self.field
            masked = masking.mask(field.kind, str(self.initial))
            attrs["placeholder"] = f"{masked}（已加密保存，留空则不修改）"
        return attrs


class PersonalFormField(forms.CharField):
    """A personal field on a form: an empty entry, or the mask echoed back, keeps the
    stored value, so editing a record never needs (or shows) the clear value."""

    def __init__(self, *args: Any, kind: str = "phone", **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(*args, **kwargs)

    def _keeps(self, data: Any, initial: Any) -> bool:
        if not initial:
            return False
        text = str(data or "").strip()
        return text == "" or text == masking.mask(self.kind, str(initial))

    def _clean_bound_field(self, bf: BoundField) -> Any:
        if self.disabled or self._keeps(bf.data, bf.initial):
            return bf.initial
        return self.clean(bf.data)

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self._keeps(data, initial):
            return False
        return super().has_changed(initial, data)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return PersonalBoundField(form, self, field_name)


# --- migrations ---------------------------------------------------------------------------


Step = Callable[..., None]


def migration_steps(model_label: str, fields: Iterable[str]) -> tuple[Step, Step]:
    """``RunPython(*migration_steps("core.User", ["phone"]))``: encrypt the rows of
    ``fields`` stored in clear (and fill their blind indexes, ``<field>_index`` when the
    model has one); backwards, decrypt them. Works on the raw columns, so it runs with
    any historical state and again without harm."""
    names = tuple(fields)

    def forward(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, model_label, names, encrypt=True)

    def backward(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, model_label, names, encrypt=False)

    return forward, backward


def _rewrite(apps: Any, schema_editor: Any, model_label: str, names: tuple[str, ...], *,
             encrypt: bool) -> None:
    model = apps.get_model(model_label)
    meta = model._meta
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    for name in names:
        field = meta.get_field(name)
        column = column_identity(model, name)
        kind = getattr(field, "kind", "phone")
        index_name = f"{name}_index"
        index_column = next((f.column for f in meta.concrete_fields if f.name == index_name), None)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {quote(field.column)} FROM {table} "
                           f"WHERE {quote(field.column)} IS NOT NULL AND {quote(field.column)} <> ''")
            rows = cursor.fetchall()
        with connection.cursor() as cursor:
            for key, stored in rows:
                stored = str(stored)
                if encrypt:
                    plain = cipher.decrypt(stored, column) if cipher.is_ciphertext(stored) else stored
                    new = stored if cipher.is_ciphertext(stored) else cipher.encrypt(stored, column)
                else:
                    plain = cipher.decrypt(stored, column) if cipher.is_ciphertext(stored) else stored
                    new = plain
                sets, params = [f"{quote(field.column)} = %s"], [new]
                if encrypt and index_column:
                    sets.append(f"{quote(index_column)} = %s")
                    params.append(cipher.blind_index(plain, column, kind))
                cursor.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} = %s", [*params, key])
