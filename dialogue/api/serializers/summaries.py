"""The shapes of the read-only summaries: a country pair, counts, a timeline."""

from rest_framework import serializers

from ...choices import DatePrecision, MechanismLevel
from .records import CountrySerializer, IndicatorSerializer, MechanismSerializer


class DyadMechanismSerializer(MechanismSerializer):
    """A mechanism of a country pair, with its round count and its last and next rounds."""

    class Meta(MechanismSerializer.Meta):
        fields: tuple[str, ...] = (  # type: ignore[assignment]  # a shorter list than the full form
            *MechanismSerializer.Meta.brief_fields,
            "rounds_count",
            "last_round",
            "next_round",
        )


class YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Calendar year of the records' start dates.")
    count = serializers.IntegerField(help_text="How many records start in that year.")


class YearDocumentsSerializer(YearCountSerializer):
    count = serializers.IntegerField(
        help_text="How many document records start in that year. One record may stand for "
        "several documents signed together (see `documents`)."
    )
    documents = serializers.IntegerField(
        help_text="How many documents those records stand for (a record of “seven commercial "
        "documents” counts 7)."
    )


class YearIndicatorsSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Calendar year the figures' periods start in.")
    indicators = IndicatorSerializer(many=True, help_text="The figures, with their sources.")


class YearLevelSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Calendar year.")
    level = serializers.ChoiceField(
        choices=MechanismLevel.choices,
        help_text="The highest level on the scale that any round that year reached.",
    )


class DyadSerializer(serializers.Serializer):
    """Everything the registry holds on the relations of two countries."""

    pair = serializers.ListField(
        child=serializers.CharField(), help_text="The two alpha-2 codes, as requested."
    )
    countries = CountrySerializer(many=True, help_text="The two countries.")
    mechanisms = DyadMechanismSerializer(
        many=True,
        help_text="Mechanisms in which both take part, with round counts; the most recently "
        "active first (by their last round held, else their next), those with no rounds last.",
    )
    rounds_per_year = YearCountSerializer(many=True, help_text="Rounds of those mechanisms.")
    documents_per_year = YearDocumentsSerializer(
        many=True, help_text="Documents to which both are parties, or signed at those rounds."
    )
    indicators_per_year = YearIndicatorsSerializer(
        many=True, help_text="Figures about both, such as bilateral trade."
    )
    highest_level_per_year = YearLevelSerializer(
        many=True, help_text="The highest level of contact each year."
    )


class MechanismCountSerializer(serializers.Serializer):
    mechanism = serializers.IntegerField(help_text="The mechanism's id.")
    slug = serializers.CharField(help_text="The mechanism's slug.")
    name = serializers.CharField(help_text="The mechanism's name.")
    count = serializers.IntegerField(help_text="How many of the rounds are of this mechanism.")


class LevelCountSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=MechanismLevel.choices, allow_null=True, help_text="Level; null when unknown."
    )
    count = serializers.IntegerField(help_text="How many of the rounds are at this level.")


class HostCountSerializer(serializers.Serializer):
    host_country = serializers.CharField(
        allow_null=True, help_text="Alpha-2 code of the host; null when unknown."
    )
    count = serializers.IntegerField(help_text="How many of the rounds it hosted.")


class StatsSerializer(serializers.Serializer):
    """Counts of the rounds that match the filters."""

    count = serializers.IntegerField(help_text="How many rounds match.")
    by_year = YearCountSerializer(many=True, help_text="By the year they start in.")
    by_mechanism = MechanismCountSerializer(many=True, help_text="By mechanism, most first.")
    by_level = LevelCountSerializer(many=True, help_text="By the mechanism's level.")
    by_host_country = HostCountSerializer(many=True, help_text="By host country.")


class TimelineEntrySerializer(serializers.Serializer):
    """One dated record on the timeline."""

    type = serializers.ChoiceField(
        choices=["round", "document", "indicator"], help_text="What sort of record it is."
    )
    id = serializers.IntegerField(help_text="The record's id within its type.")
    # Declared fields live apart from Field's own `label` attribute at run time.
    label = serializers.CharField(help_text="A readable label.")  # type: ignore[assignment]
    date = serializers.CharField(help_text="The dates as one EDTF string, such as `2018-04`.")
    start_date = serializers.DateField(help_text="First day.")
    end_date = serializers.DateField(help_text="Last day, inclusive.")
    date_precision = serializers.ChoiceField(
        choices=DatePrecision.choices, help_text="How much of the date the source states."
    )
    mechanism = serializers.IntegerField(
        allow_null=True, help_text="The mechanism's id, for rounds and documents signed at one."
    )
    url = serializers.URLField(help_text="The record in the API.")
    admin_url = serializers.URLField(help_text="The record in the admin, for analysts.")
