from django.db import migrations


def create_roles(apps, schema_editor):
    from decisions.roles import give_roles_in_migration

    # 0025 adds the forward plan, 0030 the Panel's reports.
    give_roles_in_migration(apps, models_to_come={"forwardplanentry", "panelreport"})


def remove_roles(apps, schema_editor):
    from decisions.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
