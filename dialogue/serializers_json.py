"""JSON that keeps every microsecond: the format `manage.py backup` writes.

Django's JSON serializer cuts datetimes and times to milliseconds (ECMA-262's date format), so
a timestamp at .000500 is written `.000Z`, restored as .000000 and dumped again without a
fraction at all: a backup that does not restore what it was taken from. This format writes
`isoformat()` whole (a UTC datetime still ends in `Z`). It reads like Django's own `json`,
whose deserializer parses up to six fractional digits, so `loaddata` loads a backup named
`*.json` as it is. Registered in SERIALIZATION_MODULES as `json_exact`.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.utils.timezone import is_aware

__all__ = ("Deserializer", "ExactJSONEncoder", "Serializer")


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder with datetimes and times to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    """Django's JSON serializer, encoding with ExactJSONEncoder."""

    def serialize(self, queryset, **options):
        # Options Django's JSON serializer does not know are passed on to json.dump.
        return super().serialize(queryset, **{"cls": ExactJSONEncoder, **options})
