"""Plan titles are composed when shown, in the reader's language; clear the generated ones stored so far."""

from django.db import migrations, models

# The generated title in every language the plans may have been created in (locale catalogues).
GENERATED_PREFIXES = ("Improvement plan: ", "Načrt izboljšav: ", "План за подобрение: ")


def clear_generated_titles(apps, schema_editor):  # type: ignore[no-untyped-def]
    ImprovementPlan = apps.get_model("improvement", "ImprovementPlan")
    for plan in ImprovementPlan.objects.select_related("assessment").only("title", "assessment__title"):
        if plan.title in {prefix + plan.assessment.title for prefix in GENERATED_PREFIXES}:
            plan.title = ""
            plan.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [("improvement", "0002_next_cycle")]

    operations = [
        migrations.AlterField(
            model_name="improvementplan",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.RunPython(clear_generated_titles, migrations.RunPython.noop),
    ]
