from django.db import migrations

from decisions import db_guards


class Migration(migrations.Migration):
    dependencies = [("decisions", "0006_audit_log")]

    operations = [migrations.RunPython(db_guards.create, db_guards.drop)]
