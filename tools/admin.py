"""The estimator's figures in the admin: each with its source and the day it was last
checked, listed oldest check first so the stalest figure is the first one seen."""

from django.contrib import admin

from tools.models import ExchangeRate, FollowUpInterval, PriceFigure, QuickFact, StudiedCourse

SOURCE_FIELDSET = (
    "Source (shown to readers beside the figure)",
    {
        "fields": [
            "source_title",
            "source_publisher",
            "source_url",
            "source_date",
            "checked_on",
        ]
    },
)


class FigureAdmin(admin.ModelAdmin):
    list_filter = ["checked_on"]
    ordering = ["checked_on"]
    readonly_fields = ["updated_at"]
    save_on_top = True


@admin.register(PriceFigure)
class PriceFigureAdmin(FigureAdmin):
    list_display = ["item", "country", "low", "high", "or_more", "currency", "checked_on"]
    list_filter = ["country", "item", "checked_on"]
    fieldsets = [
        (
            None,
            {
                "fields": ["item", "country", "currency", "low", "high", "or_more"],
                "description": "A price range exactly as a source reports it. The cost "
                "estimator multiplies the prices of what is paid at every session by the "
                "number of sessions. Where no figure is here for something, the estimator "
                "tells readers to ask the clinic: never add a price without a source.",
            },
        ),
        SOURCE_FIELDSET,
        ("Record", {"fields": ["updated_at"]}),
    ]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(FigureAdmin):
    list_display = ["currency", "per_dollar", "on", "checked_on"]
    fieldsets = [
        (
            None,
            {
                "fields": ["currency", "per_dollar", "on"],
                "description": "The rough dollar guide shown beside prices in won. Use an "
                "official daily rate (the Federal Reserve's H.10 release gives one) and its day.",
            },
        ),
        SOURCE_FIELDSET,
        ("Record", {"fields": ["updated_at"]}),
    ]


@admin.register(StudiedCourse)
class StudiedCourseAdmin(FigureAdmin):
    list_display = ["goal", "sessions", "people", "length", "checked_on"]
    list_filter = ["goal", "checked_on"]
    fieldsets = [
        (
            None,
            {
                "fields": ["goal", "sessions", "spacing", "method", "people", "length"],
                "description": "How many sessions a study in people gave. The estimator "
                "starts from these numbers and shows them as what the study did, never as "
                "a recommendation.",
            },
        ),
        SOURCE_FIELDSET,
        ("Record", {"fields": ["updated_at"]}),
    ]


@admin.register(FollowUpInterval)
class FollowUpIntervalAdmin(FigureAdmin):
    list_display = ["__str__", "checked_on"]
    fieldsets = [
        (
            None,
            {
                "fields": ["shortest_months", "longest_months"],
                "description": "How often follow-up sessions are reported to be suggested "
                "after a course. The estimator uses the most recently checked row.",
            },
        ),
        SOURCE_FIELDSET,
        ("Record", {"fields": ["updated_at"]}),
    ]


@admin.register(QuickFact)
class QuickFactAdmin(FigureAdmin):
    list_display = ["label", "text", "order", "checked_on"]
    list_editable = ["order"]
    fieldsets = [
        (
            None,
            {
                "fields": ["label", "text", "order"],
                "description": "A short fact on the home page's “Quick facts” panel, shown "
                "with its source and the day it was last checked. Say only what the source "
                "says. Session prices come from the price figures, not from here.",
            },
        ),
        SOURCE_FIELDSET,
        ("Record", {"fields": ["updated_at"]}),
    ]
