"""Fixed vocabularies of the organisations context, translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation administrator / quality representative")
    CAF_LEADER = "caf_leader", _("CAF leader")
    ASSESSOR = "assessor", _("Assessor")
    MANAGER = "manager", _("Manager")
    HR = "hr", _("Human resources (HR)")
    ACTION_OWNER = "action_owner", _("Action owner")
    VIEWER = "viewer", _("Viewer")
    FEEDBACK_ACTOR = "feedback_actor", _("External feedback actor")


class OrganisationType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    BODY_WITHIN_MINISTRY = "body_within_ministry", _("Body within a ministry")
    ADMINISTRATIVE_UNIT = "administrative_unit", _("Administrative unit")
    MUNICIPALITY = "municipality", _("Municipality")
    AGENCY = "agency", _("Agency or public institute")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    MICRO = "1-49", _("1–49 employees")
    SMALL = "50-249", _("50–249 employees")
    MEDIUM = "250-999", _("250–999 employees")
    LARGE = "1000+", _("1,000 or more employees")


class StaffLevel(models.TextChoices):
    TOP = "top", _("Top management")
    MIDDLE = "middle", _("Middle management")
    FRONT_LINE = "front_line", _("Front-line staff")
    SUPPORT = "support", _("Support staff")


class Country(models.TextChoices):
    AT = "AT", _("Austria")
    BE = "BE", _("Belgium")
    BG = "BG", _("Bulgaria")
    HR = "HR", _("Croatia")
    CY = "CY", _("Cyprus")
    CZ = "CZ", _("Czechia")
    DK = "DK", _("Denmark")
    EE = "EE", _("Estonia")
    FI = "FI", _("Finland")
    FR = "FR", _("France")
    DE = "DE", _("Germany")
    GR = "GR", _("Greece")
    HU = "HU", _("Hungary")
    IE = "IE", _("Ireland")
    IT = "IT", _("Italy")
    LV = "LV", _("Latvia")
    LT = "LT", _("Lithuania")
    LU = "LU", _("Luxembourg")
    MT = "MT", _("Malta")
    NL = "NL", _("Netherlands")
    PL = "PL", _("Poland")
    PT = "PT", _("Portugal")
    RO = "RO", _("Romania")
    SK = "SK", _("Slovakia")
    SI = "SI", _("Slovenia")
    ES = "ES", _("Spain")
    SE = "SE", _("Sweden")
    AL = "AL", _("Albania")
    BA = "BA", _("Bosnia and Herzegovina")
    ME = "ME", _("Montenegro")
    MK = "MK", _("North Macedonia")
    RS = "RS", _("Serbia")
    NO = "NO", _("Norway")
    CH = "CH", _("Switzerland")
    UA = "UA", _("Ukraine")
    MD = "MD", _("Moldova")
    TR = "TR", _("Türkiye")
