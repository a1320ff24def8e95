"""Pages of the rows of the enterprise's file (licences, major hazard sources, their
units and substances, risk points): edit and delete through the services, back to the
enterprise's file; and the licence lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectListView,
    TemplatePageView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.enterprises import filtersets as fs
from yingji.enterprises import services
from yingji.enterprises.forms import (
    LicenceForm,
    MajorHazardForm,
    MajorHazardSubstanceForm,
    MajorHazardUnitForm,
    RiskPointForm,
)
from yingji.enterprises.models import (
    Enterprise,
    Licence,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskPoint,
)


def enterprise_of(obj: Any) -> Enterprise:
    """The enterprise a row of the file belongs to, however deep it hangs."""
    if isinstance(obj, MajorHazardSubstance):
        return obj.unit.source.enterprise
    if isinstance(obj, MajorHazardUnit):
        return obj.source.enterprise
    return obj.enterprise


class FileRowEditView(ChildEditView):
    """Add or edit a row of the enterprise's file; back to the file after saving."""

    parent_field = "enterprise"

    def parent_of(self, obj: Any) -> Any:
        return enterprise_of(obj)

    def form_data(self, form: Any) -> dict[str, Any]:
        data = super().form_data(form)
        # A new row of an enterprise account: its enterprise is fixed (a disabled field).
        field = form.fields.get(self.parent_field)
        if form.instance.pk is None and field is not None and field.disabled:
            data[self.parent_field] = form.cleaned_data[self.parent_field]
        return data


class FileRowDeleteView(ChildDeleteView):
    """Delete a row of the enterprise's file; back to the file."""

    parent_field = "enterprise"

    def parent_of(self, obj: Any) -> Any:
        return enterprise_of(obj)


class LicenceEditView(FileRowEditView):
    model = Licence
    form_class = LicenceForm
    create_service = staticmethod(services.create_licence)
    update_service = staticmethod(services.update_licence)


class LicenceDeleteView(FileRowDeleteView):
    model = Licence
    delete_service = staticmethod(services.delete_object_service)


class MajorHazardEditView(FileRowEditView):
    model = MajorHazard
    form_class = MajorHazardForm
    create_service = staticmethod(services.create_major_hazard)
    update_service = staticmethod(services.update_major_hazard)


class MajorHazardDeleteView(FileRowDeleteView):
    model = MajorHazard
    delete_service = staticmethod(services.delete_major_hazard)


class MajorHazardUnitEditView(FileRowEditView):
    model = MajorHazardUnit
    form_class = MajorHazardUnitForm
    parent_field = "source"
    create_service = staticmethod(services.create_unit)
    update_service = staticmethod(services.update_unit)


class MajorHazardUnitDeleteView(FileRowDeleteView):
    model = MajorHazardUnit
    delete_service = staticmethod(services.delete_unit)


class MajorHazardSubstanceEditView(FileRowEditView):
    model = MajorHazardSubstance
    form_class = MajorHazardSubstanceForm
    parent_field = "unit"
    create_service = staticmethod(services.create_substance)
    update_service = staticmethod(services.update_substance)


class MajorHazardSubstanceDeleteView(FileRowDeleteView):
    model = MajorHazardSubstance
    delete_service = staticmethod(services.delete_substance)


class RiskPointEditView(FileRowEditView):
    model = RiskPoint
    form_class = RiskPointForm
    create_service = staticmethod(services.create_risk_point)
    update_service = staticmethod(services.update_risk_point)


class RiskPointDeleteView(FileRowDeleteView):
    model = RiskPoint
    delete_service = staticmethod(services.delete_risk_point)


# --- licence lists --------------------------------------------------------------------


def licence_state(licence: Licence) -> tuple[str, str]:
    """(text, badge colour) of a licence's validity today."""
    today = timezone.localdate()
    if licence.expires_on < today:
        return "已过期", "red"
    if licence.expires_on == today:
        return "今天到期", "orange"
    if licence.expires_on <= today + timedelta(days=fs.LICENCE_SOON_DAYS):
        return f"{(licence.expires_on - today).days}天后到期", "orange"
    return "有效", "green"


class LicenceListView(RegionFilterWidgetMixin, ObjectListView):
    """Every licence in scope: filter by kind, region, validity; export."""

    model = Licence
    filterset_class = fs.LicenceFilterSet
    select_related = ("enterprise",)
    columns = (
        Column("enterprise", "企业", accessor="enterprise.name",
               link=lambda lic: reverse("enterprise_detail", args=[lic.enterprise_id])),
        Column("kind", "许可证类别", accessor=lambda lic: lic.get_kind_display(), sortable=True),
        Column("number", "证书编号", sortable=True),
        Column("issuer", "发证机关"),
        Column("issued_on", "发证日期", sortable=True),
        Column("expires_on", "有效期至", sortable=True),
        Column("state", "状态", accessor=lambda lic: licence_state(lic)[0],
               badge=lambda lic: licence_state(lic)[1]),
    )


class ExpiringLicencesView(TemplatePageView):
    """Licences expiring within 30 days (or expired), in scope."""

    model = Licence
    template_name = "enterprises/expiring.html"
    title = "即将到期的许可证"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        licences = list(Licence.objects.restrict(self.request.user, "view")
                        .filter(expires_on__lte=today + timedelta(days=30))
                        .select_related("enterprise").order_by("expires_on")[:500])
        return {"licences": licences, "today": today, **kwargs}
