from django.contrib import admin

from opencaf.indicators.models import Indicator, Measurement, Process, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    readonly_fields = ("entered_by", "entered_at")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organisation", "unit", "frequency", "direction", "archived")
    list_filter = ("frequency", "unit", "archived")
    raw_id_fields = ("organisation", "owner", "created_by")
    inlines = [TargetInline, MeasurementInline]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kind", "archived")
    list_filter = ("kind", "archived")
    search_fields = ("name",)
    raw_id_fields = ("organisation", "owner", "created_by", "indicators")
