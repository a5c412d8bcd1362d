"""Admin for the training: read-only (sessions and visits, materials, attendance, quizzes and their answers
change only through Hallkeeper's own pages, whose services check the organizer, the sign-in window and the
quiz's opening, and record each step). Rows are scoped like every admin page (``visible_to``)."""

from django.contrib import admin

from hallkeeper.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import Attendance, Material, Quiz, QuizAttempt, Session


class MaterialInline(ReadOnlyTabularInline):
    model = Material
    fields = ["title", "file"]
    readonly_fields = fields


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["topic", "hall", "kind", "starts_at", "ends_at", "place", "trainer", "makes_up"]
    list_filter = ["kind", "hall"]
    list_select_related = ["hall", "makes_up"]
    search_fields = ["topic", "trainer", "place"]
    date_hierarchy = "starts_at"
    inlines = [MaterialInline]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ["title", "session"]
    list_select_related = ["session"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["session", "person", "expected", "present", "method", "signed_at", "recorded_by"]
    list_filter = ["present", "expected", "method"]
    list_select_related = ["session", "person", "recorded_by"]
    search_fields = ["person__name", "person__code", "session__topic"]


@admin.register(Quiz)
class QuizAdmin(ReadOnlyAdmin):
    list_display = ["title", "hall", "opens_at", "closes_at", "version"]
    list_filter = ["hall"]
    list_select_related = ["hall", "version"]
    exclude = ["questions"]  # the questions as data: read on the quiz's own page


@admin.register(QuizAttempt)
class QuizAttemptAdmin(ReadOnlyAdmin):
    list_display = ["quiz", "person", "correct", "total", "score", "submitted_at"]
    list_select_related = ["quiz", "person"]
    search_fields = ["person__name", "person__code"]
    exclude = ["answers"]
