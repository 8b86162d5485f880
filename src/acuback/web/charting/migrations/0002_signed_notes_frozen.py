"""Freeze signed notes in the database itself, not only in the model: a signed note and its points
cannot be updated or deleted, and no point can be added to it. Signing (draft -> signed) is allowed."""

from typing import Any

from django.db import migrations

MESSAGE = "a signed session note cannot be changed; add an amendment"
SIGNED_POINT = "(SELECT status FROM charting_sessionnote WHERE id = {row}.note_id) = 'signed'"
SQLITE = [
    "CREATE TRIGGER charting_signed_note_no_update BEFORE UPDATE ON charting_sessionnote "
    f"WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    "CREATE TRIGGER charting_signed_note_no_delete BEFORE DELETE ON charting_sessionnote "
    f"WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    "CREATE TRIGGER charting_signed_point_no_insert BEFORE INSERT ON charting_notepoint "
    f"WHEN {SIGNED_POINT.format(row='NEW')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    "CREATE TRIGGER charting_signed_point_no_update BEFORE UPDATE ON charting_notepoint "
    f"WHEN {SIGNED_POINT.format(row='OLD')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    "CREATE TRIGGER charting_signed_point_no_delete BEFORE DELETE ON charting_notepoint "
    f"WHEN {SIGNED_POINT.format(row='OLD')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_UNDO = [
    f"DROP TRIGGER IF EXISTS charting_signed_{name};"
    for name in (
        "note_no_update",
        "note_no_delete",
        "point_no_insert",
        "point_no_update",
        "point_no_delete",
    )
]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION charting_note_frozen() RETURNS trigger AS $$
       BEGIN
         IF TG_OP <> 'INSERT' AND OLD.status = 'signed' THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    f"""CREATE OR REPLACE FUNCTION charting_point_frozen() RETURNS trigger AS $$
       DECLARE row_note bigint;
       BEGIN
         IF TG_OP = 'INSERT' THEN row_note := NEW.note_id; ELSE row_note := OLD.note_id; END IF;
         IF (SELECT status FROM charting_sessionnote WHERE id = row_note) = 'signed' THEN
           RAISE EXCEPTION '{MESSAGE}';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER charting_note_frozen BEFORE UPDATE OR DELETE ON charting_sessionnote "
    "FOR EACH ROW EXECUTE FUNCTION charting_note_frozen();",
    "CREATE TRIGGER charting_point_frozen BEFORE INSERT OR UPDATE OR DELETE ON charting_notepoint "
    "FOR EACH ROW EXECUTE FUNCTION charting_point_frozen();",
]
POSTGRES_UNDO = [
    "DROP TRIGGER IF EXISTS charting_note_frozen ON charting_sessionnote;",
    "DROP TRIGGER IF EXISTS charting_point_frozen ON charting_notepoint;",
    "DROP FUNCTION IF EXISTS charting_note_frozen();",
    "DROP FUNCTION IF EXISTS charting_point_frozen();",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = (("charting", "0001_initial"),)
    operations = (
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}),
        ),
    )
