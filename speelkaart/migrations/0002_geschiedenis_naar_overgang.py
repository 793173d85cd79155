"""The play-map items' status history moves to the review queue's ``participatie.Overgang``
(one history table for every item type on the kernel's state machine): rows are copied with
their content type, object, statuses, author, time and texts, then ``Wijziging`` goes."""

from django.db import migrations


def kopieer(apps, schema_editor):
    Wijziging = apps.get_model("speelkaart", "Wijziging")
    Overgang = apps.get_model("participatie", "Overgang")
    rijen = [
        Overgang(
            content_type_id=w.content_type_id,
            object_id=w.object_id,
            van=w.van,
            naar=w.naar,
            door_id=w.door_id,
            motivatie=w.motivatie,
            notitie=w.notitie,
        )
        for w in Wijziging.objects.order_by("pk").iterator()
    ]
    nieuw = Overgang.objects.bulk_create(rijen, batch_size=1000)
    # ``op`` is auto_now_add: set the original times afterwards.
    for overgang, w in zip(nieuw, Wijziging.objects.order_by("pk").iterator(), strict=True):
        Overgang.objects.filter(pk=overgang.pk).update(op=w.op)


def terug(apps, schema_editor):
    Wijziging = apps.get_model("speelkaart", "Wijziging")
    Overgang = apps.get_model("participatie", "Overgang")
    ContentType = apps.get_model("contenttypes", "ContentType")
    soorten = ContentType.objects.filter(app_label="speelkaart").values_list("pk", flat=True)
    for o in Overgang.objects.filter(content_type_id__in=list(soorten)).order_by("pk"):
        w = Wijziging.objects.create(
            content_type_id=o.content_type_id,
            object_id=o.object_id,
            van=o.van,
            naar=o.naar,
            door_id=o.door_id,
            motivatie=o.motivatie,
            notitie=o.notitie,
        )
        Wijziging.objects.filter(pk=w.pk).update(op=o.op)
    Overgang.objects.filter(content_type_id__in=list(soorten)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("speelkaart", "0001_speelkaart"),
        ("participatie", "0009_raadplegingen_signalen"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(kopieer, terug),
        migrations.DeleteModel(name="Wijziging"),
    ]
