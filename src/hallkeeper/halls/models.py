"""The government service hall: every record of Hallkeeper belongs to one."""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.capabilities import halls_administered
from hallkeeper.core.models import TimeStampedModel
from hallkeeper.core.official.numbers import MAX_CODE_LENGTH, validate_issuer_code
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("Use letters, digits, hyphens and underscores only, starting with a letter or digit."),
)


class HallQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        halls = access.halls_for_reference(action)
        return models.Q(pk__in=halls) if halls else NOTHING


class Hall(TimeStampedModel):
    """A government service hall (政务服务大厅), e.g. a city centre or a county hall."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("Short unique code used in addresses, e.g. anshan."),
    )
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    organization = models.CharField(
        _("operating organization"),
        max_length=120,
        blank=True,
        help_text=_("The administrative approval bureau that runs the hall."),
    )
    city = models.CharField(_("city"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = HallQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hall_home", kwargs={"hall": self.code})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class DocumentSettingsQuerySet(VisibleQuerySet):
    """Everybody in the hall reads the document settings; administrators change them."""

    def visibility_q(self, access, action):
        halls = sorted(access.hall_roles) if action == "view" else halls_administered(access)
        return models.Q(hall__in=halls) if halls else NOTHING


class DocumentSettings(TimeStampedModel):
    """How the hall's official documents (公文) name their issuer: the issuing authority (发文机关) and its
    机关代字, the code in front of every document number (鞍审批〔2026〕7号). Administrators change it."""

    hall = models.OneToOneField(
        Hall, on_delete=models.CASCADE, related_name="document_settings", verbose_name=_("hall")
    )
    issuer_name = models.CharField(
        _("issuing authority"),
        max_length=120,
        blank=True,
        help_text=_("The authority named in the red header and the signature of official documents; "
                    "empty: the hall's operating organization."),
    )  # fmt: skip
    issuer_code = models.CharField(
        _("issuer code"),
        max_length=MAX_CODE_LENGTH,
        blank=True,
        validators=[validate_issuer_code],
        help_text=_("The short code (机关代字) in front of document and notice numbers, e.g. 鞍审批; "
                    "empty: derived from the issuing authority's name."),
    )  # fmt: skip
    decision_code = models.CharField(
        _("decision code"),
        max_length=MAX_CODE_LENGTH,
        blank=True,
        validators=[validate_issuer_code],
        help_text=_("The 机关代字 of commendation decisions (表彰决定), numbered in a series of their own, e.g. "
                    "鞍审批发; empty: the issuer code followed by 发."),
    )  # fmt: skip

    objects = DocumentSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")

    def __str__(self) -> str:
        return str(self.hall)


class DocumentCounter(models.Model):
    """The last running number a hall gave in a year under one 机关代字: every kind of document issued under the
    same code (the assessment bulletin, a campaign's work plan and summary report) takes its number here, so no
    two of them print the same 发文字号. The row is locked while a number is taken (``numbering.next_doc_seq``)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    code = models.CharField(_("issuer code"), max_length=MAX_CODE_LENGTH, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [models.UniqueConstraint(fields=["hall", "code", "year"], name="unique_document_counter")]

    def __str__(self) -> str:
        return f"{self.hall_id} · {self.code}〔{self.year}〕: {self.last}"
