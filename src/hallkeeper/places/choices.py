from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance and enquiry area")
    SELF_SERVICE = "self_service", _("Self-service area")
    BUSINESS = "business", _("Business services area")
    WINDOW_SERVICE = "window_service", _("Window service area")
    COACHING = "coaching", _("Coaching area")
    INTAKE = "intake", _("Integrated intake area")
    ISSUING = "issuing", _("Certificate issuing area")
    ASSISTED = "assisted", _("Assisted-service zone")
    WAITING = "waiting", _("Waiting area")
    OFFICE = "office", _("Back office")
    NURSING = "nursing", _("Nursing room")
    READING = "reading", _("Reading room")
    PARTNER = "partner", _("Resident partner services")
    OTHER = "other", _("Other area")


#: The three sub-areas of the window service area.
WINDOW_SUB_AREAS = frozenset({AreaKind.COACHING, AreaKind.INTAKE, AreaKind.ISSUING})

#: Fill colours of area kinds on the floor plan (light, print-friendly).
AREA_COLOURS = {
    AreaKind.GUIDANCE: "#cfe2ff",
    AreaKind.SELF_SERVICE: "#d1e7dd",
    AreaKind.BUSINESS: "#fff3cd",
    AreaKind.WINDOW_SERVICE: "#e2e3e5",
    AreaKind.COACHING: "#e0cffc",
    AreaKind.INTAKE: "#f8d7da",
    AreaKind.ISSUING: "#ffe5d0",
    AreaKind.ASSISTED: "#d2f4ea",
    AreaKind.WAITING: "#f7f7f7",
    AreaKind.OFFICE: "#dee2e6",
    AreaKind.NURSING: "#fcd5e5",
    AreaKind.READING: "#e9ecef",
    AreaKind.PARTNER: "#cff4fc",
    AreaKind.OTHER: "#ffffff",
}


class PositionKind(models.TextChoices):
    DESK = "desk", _("Window desk")
    COUNTER = "counter", _("Counter top")
    DRAWER = "drawer", _("Drawer")
    CABINET = "cabinet", _("Cabinet")
    LOCKER = "locker", _("Locker")
    FILE_BOX = "file_box", _("File box")
    SHELF = "shelf", _("Shelf")
    FORM_DESK = "form_desk", _("Form-filling desk")
    EQUIPMENT = "equipment", _("Equipment spot")
    OTHER = "other", _("Other position")
