"""Load every ISO 3166-1 country, and the former countries of ISO 3166-3 whose alpha-2 code is free."""

import pycountry
from django.db import migrations


def load_countries(apps, schema_editor):
    Country = apps.get_model("dialogue", "Country")
    current = {
        country.alpha_2: Country(
            code=country.alpha_2,
            name=country.name,
            official_name=getattr(country, "official_name", ""),
            alpha_3=country.alpha_3,
        )
        for country in pycountry.countries
    }
    # Former countries (the USSR, SU) are parties to old agreements still in force.
    former = {
        country.alpha_2: Country(
            code=country.alpha_2, name=country.name, alpha_3=country.alpha_3, is_former=True
        )
        for country in pycountry.historic_countries
        if country.alpha_2 not in current
    }
    Country.objects.bulk_create([*current.values(), *former.values()], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("dialogue", "0001_initial")]

    # Unapplying leaves the countries: records still refer to them here, and the table goes
    # with 0001 when the registry is unmigrated entirely.
    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
