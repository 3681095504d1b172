"""Enumerations used by the registry's models, API and admin."""

from django.db import models


class DatePrecision(models.TextChoices):
    """How much of a date the source states."""

    DAY = "day", "Day (the exact day or days are known)"
    WITHIN = "within", "Within a range (on some day between start and end; which is not stated)"
    MONTH = "month", "Month (the source names only the month: “in April”)"
    YEAR = "year", "Year (the source names only the year: “in 2013”)"


class MechanismKind(models.TextChoices):
    """What sort of dialogue a mechanism is."""

    TWO_PLUS_TWO = "two_plus_two", "2+2 (joint foreign and defence ministerial consultations)"
    STRATEGIC_DIALOGUE = "strategic_dialogue", "Strategic dialogue"
    CONSULTATIONS = "consultations", "Consultations or talks"
    INTERGOVERNMENTAL_COMMISSION = "intergovernmental_commission", "Intergovernmental commission"
    WORKING_GROUP = "working_group", "Working group"
    COUNCIL = "council", "Council"
    SUMMIT = "summit", "Summits and leaders' meetings"
    VISITS = "visits", "Visits (a grouping of visits that form no numbered series)"
    PARLIAMENTARY = "parliamentary", "Inter-parliamentary exchanges"
    FORUM = "forum", "Forum"
    EXCHANGE_PROGRAMME = "exchange_programme", "Exchange programme"
    CULTURAL_PROGRAMME = "cultural_programme", "Cultural programme"


class MechanismLevel(models.TextChoices):
    """The rank of the participants, from the top of the scale down.

    The order of the members is the scale: the first is the highest level.
    """

    HEAD_OF_STATE_OR_GOVERNMENT = "head_of_state_or_government", "Head of state or government"
    MINISTERIAL = "ministerial", "Ministers"
    FIRST_DEPUTY_MINISTER = "first_deputy_minister", "First deputy ministers"
    DEPUTY_MINISTER = "deputy_minister", "Deputy ministers"
    SENIOR_OFFICIAL = "senior_official", "Senior officials"
    WORKING_LEVEL = "working_level", "Working level (officials, experts)"
    PARLIAMENTARY = "parliamentary", "Parliamentarians"
    NON_GOVERNMENTAL = "non_governmental", "Non-governmental (parties, business, public)"

    @classmethod
    def rank(cls, value: str) -> int:
        """Position on the scale: 0 is the highest level."""
        return cls.values.index(value)


class MechanismStatus(models.TextChoices):
    """Whether a mechanism still meets."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    DISSOLVED = "dissolved", "Dissolved"


class RoundStatus(models.TextChoices):
    """Where a round stands as of the latest source."""

    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class OrganisationKind(models.TextChoices):
    """What sort of body an organisation is."""

    GOVERNMENT = "government", "Government or head of state's office"
    MINISTRY = "ministry", "Ministry or government agency"
    PARLIAMENT = "parliament", "Parliament"
    PARLIAMENTARY_CHAMBER = "parliamentary_chamber", "Parliamentary chamber"
    PARLIAMENTARY_BODY = "parliamentary_body", "Parliamentary committee, group or club"
    PARTY = "party", "Political party"
    COUNCIL = "council", "Council"
    FORUM = "forum", "Forum"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class PlaceKind(models.TextChoices):
    """What sort of place a place is."""

    CITY = "city", "City, town or village"
    REGION = "region", "Region, prefecture or province"
    ISLANDS = "islands", "Island or island group"
    OTHER = "other", "Other"


class NameKind(models.TextChoices):
    """Why a name is recorded beside the main one."""

    NATIVE = "native", "Native script"
    TRANSLITERATION = "transliteration", "Transliteration"
    TRANSLATION = "translation", "Translation"
    SHORT = "short", "Short form or abbreviation"
    FORMER = "former", "Former name"
    CONTESTED = "contested", "A name one side uses for a contested place"


class DocumentKind(models.TextChoices):
    """What sort of text a document is."""

    AGREEMENT = "agreement", "Agreement between states"
    INTERAGENCY = "interagency", "Interagency document"
    COMMERCIAL = "commercial", "Commercial document"
    PARTY_AGREEMENT = "party_agreement", "Agreement between political parties"
    JOINT_STATEMENT = "joint_statement", "Joint statement or declaration"
    MEMORANDUM = "memorandum", "Memorandum"
    PLAN = "plan", "Plan, programme or list"
    OTHER = "other", "Other"


class Comparator(models.TextChoices):
    """How a figure relates to the value the source gives ("more than 130")."""

    EQUAL = "eq", "Exactly"
    APPROXIMATELY = "approx", "About"
    MORE_THAN = "gt", "More than"
    AT_LEAST = "gte", "At least"
    LESS_THAN = "lt", "Less than"
    AT_MOST = "lte", "At most"


class CitationBasis(models.TextChoices):
    """How a citation supports what it is attached to."""

    STATED = "stated", "Stated: the quote says it"
    INFERRED = "inferred", "Inferred: the analyst's reading of the quote (the note says why)"
    EXTERNAL = "external", "External: knowledge from another source, such as a reference work"


class SourceKind(models.TextChoices):
    """What sort of text a source is."""

    PRESS_RELEASE = "press_release", "Press release or official comment"
    STATEMENT = "statement", "Statement"
    TREATY_TEXT = "treaty_text", "Text of an agreement"
    NEWS = "news", "News report"
    REFERENCE = "reference", "Reference (official website or reference work)"
    OTHER = "other", "Other"
