"""Training sessions and model-window visits, their attendance, materials, and the handbook quiz."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel

from .choices import SessionKind, SignMethod
from .querysets import AttemptQuerySet, AttendanceQuerySet, MaterialQuerySet, QuizQuerySet, SessionQuerySet


class Session(TimeStampedModel):
    """A training session or a model-window visit: when and where, who must attend (by unit), who came."""

    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="training_sessions", verbose_name=_("hall")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.TRAINING)
    topic = models.CharField(_("topic"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    trainer = models.CharField(_("trainer"), max_length=100, blank=True)
    version = models.ForeignKey(
        "standards.HandbookVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("handbook version"),
    )
    parts = models.ManyToManyField(
        "standards.Part", blank=True, related_name="training_sessions", verbose_name=_("handbook parts covered")
    )
    units = models.ManyToManyField("org.Unit", related_name="training_sessions", verbose_name=_("units attending"))
    model_window = models.ForeignKey(
        "places.Window",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_visits",
        verbose_name=_("model window"),
    )
    makes_up = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="make_ups",
        verbose_name=_("make-up for"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=SessionKind.values), name="training_kind_valid"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="training_ends_after"),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("training_session", kwargs={"hall": self.hall.code, "pk": self.pk})

    @property
    def is_visit(self) -> bool:
        return self.kind == SessionKind.VISIT


def material_path(instance: Material, filename: str) -> str:
    return f"training/{instance.session.hall_id}/{instance.session_id}/{filename}"


class Material(TimeStampedModel):
    """A handout, slide deck or photo of a session, served only to those who see the session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials", verbose_name=_("session"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_path)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class Attendance(TimeStampedModel):
    """A person expected at (or who came to) a session; ``present`` once signed in or ticked."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="training_attendances", verbose_name=_("person")
    )
    expected = models.BooleanField(_("expected"), default=True)
    present = models.BooleanField(_("present"), default=False)
    method = models.CharField(_("signed by"), max_length=10, choices=SignMethod.choices, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "person__unit__order", "person__code"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="unique_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.session} · {self.person}"


class Quiz(TimeStampedModel):
    """A short quiz drawn from the published handbook's rules, open between ``opens_at`` and ``closes_at``."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("hall"))
    title = models.CharField(_("title"), max_length=200)
    version = models.ForeignKey(
        "standards.HandbookVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("handbook version"),
        help_text=_("The version the questions were drawn from (they are kept on the quiz)."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    questions = models.JSONField(_("questions"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "-opens_at", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="quiz_closes_after")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training_quiz", kwargs={"hall": self.hall.code, "pk": self.pk})


class QuizAttempt(TimeStampedModel):
    """One person's answers to a quiz, scored when submitted; one per person."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz"))
    person = models.ForeignKey(
        "org.Person", on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("person")
    )
    answers = models.JSONField(_("answers"), default=list)
    correct = models.PositiveIntegerField(_("correct answers"), default=0)
    total = models.PositiveIntegerField(_("questions"), default=0)
    score = models.PositiveIntegerField(_("score"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["quiz", "person__unit__order", "person__code"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints = [models.UniqueConstraint(fields=["quiz", "person"], name="unique_attempt_per_person")]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.person}"
