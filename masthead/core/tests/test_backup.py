"""`manage.py backup` and `manage.py restore`: a round trip is exact, and bad backups change nothing.

The backup is made in the test process from pytest's database. Restores that succeed run in a
separate process (`manage.py restore`) against a database of their own (a SQLite file, or a
`masthead_backup_test_*` PostgreSQL database when DATABASE_URL points at PostgreSQL) and a
media folder of their own, as an operator would on a fresh server. Restores that must be
refused run in-process against pytest's database, which must come out unchanged.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from masthead.core import backup
from masthead.core.tests.backup_content import build_content, snapshot
from masthead.core.tests.object_storage import make_bucket, media_bucket, moto_server  # noqa: F401

ROOT = Path(__file__).resolve().parents[3]
SNAPSHOT = "import json; from masthead.core.tests.backup_content import snapshot; print(json.dumps(snapshot()))"
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def target_database(tmp_path):
    """An empty database for the restoring process: a new SQLite file or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"masthead_backup_test_{uuid.uuid4().hex[:10]}"
    admin = {"host": params["HOST"] or "127.0.0.1", "port": params["PORT"] or 5432, "user": params["USER"], "dbname": "postgres"}
    if params["PASSWORD"]:
        admin["password"] = params["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(params["USER"] or "") + (":" + quote(params["PASSWORD"]) if params["PASSWORD"] else "")
    yield f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}"
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, database: str, media: Path, tmp_path: Path, **more_env: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        **more_env,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media),
        "MASTHEAD_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "backup-test",
        "LOG_FORMAT": "text",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
}


def target_sql(database: str, sql: str) -> list:
    """Run one statement in the restoring process's database, outside Django."""
    if database.startswith("sqlite:///"):
        with sqlite3.connect(database.removeprefix("sqlite:///")) as raw:
            rows = raw.execute(sql).fetchall()
        raw.close()
        return rows
    import psycopg

    with psycopg.connect(database.replace("postgres://", "postgresql://", 1), autocommit=True) as raw:
        cursor = raw.execute(sql)
        return cursor.fetchall() if cursor.description else []


def restored_snapshot(database: str, media: Path, tmp_path: Path) -> dict:
    result = manage("shell", "--no-imports", "-c", SNAPSHOT, database=database, media=media, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def make_backup(tmp_path: Path) -> Path:
    out = io.StringIO()
    call_command("backup", directory=str(tmp_path / "backups"), stdout=out)
    return Path(out.getvalue().strip())


def as_json(value):
    return json.loads(json.dumps(value))


def test_round_trip_into_an_empty_database_gives_the_same_content(tmp_path, media_root, target_database):
    build_content()
    before = as_json(snapshot())
    path = make_backup(tmp_path)
    assert path.parent == tmp_path / "backups" and path.name.startswith("masthead-")
    assert sorted(p.name for p in path.iterdir()) == ["database." + ("sqlite3" if connection.vendor == "sqlite" else "pgdump"), "manifest.json", "media.tar"]

    media = tmp_path / "restored-media"
    result = manage("restore", str(path), database=target_database, media=media, tmp_path=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    after = restored_snapshot(target_database, media, tmp_path)
    assert after == before
    # The comparison covers what the issue names, not an empty world on both sides.
    assert len(after["articles"]) == 3 and len(after["revisions"]) >= 4 and len(after["comments"]) == 3
    assert after["views"] == [[after["views"][0][0], 1204, 17]] and len(after["typos"]) == 1
    assert len(after["renditions"]) == 1 and len(after["files"]) == 3
    for name, digest in before["files"].items():
        assert hashlib.sha256((media / name).read_bytes()).hexdigest() == digest


def test_a_backup_from_disk_restored_with_a_bucket_uploads_its_media_into_the_bucket(
    tmp_path, media_root, target_database, moto_server
):
    """How a site moves its media from one node's disk to a bucket: back up, set MEDIA_STORAGE_URL, restore."""
    build_content()
    before = as_json(snapshot())
    path = make_backup(tmp_path)
    bucket = make_bucket(moto_server, "restored")

    unused = tmp_path / "unused-media"
    result = manage("restore", str(path), database=target_database, media=unused, tmp_path=tmp_path,
                    MEDIA_STORAGE_URL=bucket.storage_url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 media files uploaded into the bucket restored at " in result.stdout
    assert bucket.keys() == set(before["files"])
    for name, digest in before["files"].items():
        body = bucket.client.get_object(Bucket=bucket.name, Key=name)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == digest
    assert not unused.exists() or not any(unused.iterdir())


def test_a_backup_made_with_a_bucket_restores_the_database_and_leaves_the_bucket_as_it_is(
    tmp_path, media_root, target_database, media_bucket
):
    build_content()
    before = as_json(snapshot())
    keys = media_bucket.keys()
    path = make_backup(tmp_path)
    assert json.loads((path / "manifest.json").read_text())["media"]["files"] == 0

    result = manage("restore", str(path), database=target_database, media=tmp_path / "unused-media", tmp_path=tmp_path,
                    MEDIA_STORAGE_URL=media_bucket.storage_url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "The backup's media live in the bucket masthead-media at " in result.stdout
    assert media_bucket.keys() == keys and len(keys) == 3
    after = restored_snapshot(target_database, tmp_path / "unused-media", tmp_path)
    assert after == before and len(after["images"]) == 1 and len(after["renditions"]) == 1  # their files: in the bucket


def test_manifest_describes_the_backup(tmp_path, media_root):
    build_content()
    path = make_backup(tmp_path)

    manifest = json.loads((path / "manifest.json").read_text())

    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"]["comments_comment"] == 3
    assert "0001_initial" in manifest["migrations"]["articles"]
    assert manifest["media"]["files"] == 3
    for name, described in manifest["files"].items():
        assert described["sha256"] == hashlib.sha256((path / name).read_bytes()).hexdigest()


def test_restore_refuses_a_database_with_content_unless_forced(tmp_path, media_root, target_database):
    build_content()
    before = as_json(snapshot())
    path = make_backup(tmp_path)
    media = tmp_path / "restored-media"
    assert manage("restore", str(path), database=target_database, media=media, tmp_path=tmp_path).returncode == 0
    (media / "uploaded-after.txt").write_text("newer")

    refused = manage("restore", str(path), database=target_database, media=media, tmp_path=tmp_path)

    assert refused.returncode == 2
    assert "already holds content" in refused.stderr and "--force" in refused.stderr
    assert (media / "uploaded-after.txt").exists()

    # A table the backup does not know (as a newer migrate would leave) must not survive --force.
    target_sql(target_database, "CREATE TABLE stray_newer_table (id integer)")
    forced = manage("restore", "--force", str(path), database=target_database, media=media, tmp_path=tmp_path)

    assert forced.returncode == 0, forced.stderr
    assert restored_snapshot(target_database, media, tmp_path) == before
    assert not (media / "uploaded-after.txt").exists()
    tables = {row[0] for row in target_sql(target_database, TABLES[connection.vendor])}
    assert "stray_newer_table" not in tables and "comments_comment" in tables


@pytest.mark.skipif(connection.vendor != "sqlite", reason="edits the SQLite dump to make an older backup")
def test_a_backup_from_an_older_migration_state_is_migrated_after_restore(tmp_path, media_root, target_database):
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import CreateModel

    build_content()
    path = make_backup(tmp_path)
    # Make the backup older: one leaf migration that only creates models, undone in the dump.
    loader = MigrationLoader(None)
    app, name = next(
        key for key in sorted(loader.graph.leaf_nodes())
        if key[0] in {"core", "importers", "pages", "pageviews", "typos"}
        and all(isinstance(op, CreateModel) for op in loader.get_migration(*key).operations)
    )
    from django.apps import apps

    tables = [apps.get_model(app, op.name)._meta.db_table for op in loader.get_migration(app, name).operations]
    dump = path / "database.sqlite3"
    with sqlite3.connect(dump) as raw:
        for table in tables:
            raw.execute(f'DROP TABLE "{table}"')
        raw.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", (app, name))
    raw.close()
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["migrations"][app].remove(name)
    manifest["database"]["tables"]["django_migrations"] -= 1
    for table in tables:
        del manifest["database"]["tables"][table]
    manifest["files"]["database.sqlite3"] = backup._describe(dump)
    (path / "manifest.json").write_text(json.dumps(manifest))

    media = tmp_path / "restored-media"
    result = manage("restore", str(path), database=target_database, media=media, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    applied = target_sql(target_database, f"SELECT name FROM django_migrations WHERE app = '{app}'")
    assert (name,) in applied
    present = {row[0] for row in target_sql(target_database, TABLES["sqlite"])}
    assert set(tables) <= present


# --- Bad backups and bad places: a clear error, and nothing changed --------------------------


@pytest.fixture
def small_backup(tmp_path, media_root):
    from masthead.testing import make_article

    make_article("Статья для проверки")
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "documents").mkdir()
    (media_root / "documents" / "report.pdf").write_bytes(b"%PDF-1.4 report")
    return make_backup(tmp_path)


def state(media_root: Path) -> tuple:
    files = {p.relative_to(media_root).as_posix(): p.read_bytes() for p in sorted(media_root.rglob("*")) if p.is_file()}
    return backup._row_counts(connection), files


def rewrite_manifest(path: Path, change) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    change(manifest)
    (path / "manifest.json").write_text(json.dumps(manifest))


def refused(path, media_root, *options) -> str:
    before = state(media_root)
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(path), "--force", *options, stdout=io.StringIO())
    assert state(media_root) == before
    return str(raised.value)


def test_a_tampered_database_dump_is_refused(small_backup, media_root):
    dump = next(small_backup.glob("database.*"))
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    assert "does not match its checksum" in refused(small_backup, media_root)


def test_a_truncated_media_archive_is_refused(small_backup, media_root):
    archive = small_backup / "media.tar"
    archive.write_bytes(archive.read_bytes()[:1000])

    assert "truncated" in refused(small_backup, media_root)


def test_a_media_archive_that_escapes_the_media_folder_is_refused_even_with_matching_checksums(small_backup, media_root, tmp_path):
    archive = small_backup / "media.tar"
    with tarfile.open(archive, "w") as tar:
        escape = tarfile.TarInfo("../escaped.txt")
        escape.size = 4
        tar.addfile(escape, io.BytesIO(b"evil"))
        link = tarfile.TarInfo("original_images/link")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    rewrite_manifest(small_backup, lambda m: m["files"].update({"media.tar": backup._describe(archive)}))

    assert "not a plain file inside the media folder" in refused(small_backup, media_root)
    assert not (tmp_path / "escaped.txt").exists()


def test_a_missing_path_is_a_clear_error(tmp_path, media_root):
    assert "There is no backup at" in refused(tmp_path / "nowhere", media_root)


def test_a_folder_without_manifest_is_not_a_backup(small_backup, media_root):
    (small_backup / "manifest.json").unlink()

    assert "has no manifest.json" in refused(small_backup, media_root)


def test_a_backup_of_the_other_vendor_is_refused(small_backup, media_root):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    dump = next(small_backup.glob("database.*"))
    dump.rename(small_backup / backup.DUMPS[other])

    def to_other(manifest):
        manifest["database"].update(vendor=other, file=backup.DUMPS[other])
        manifest["files"] = {backup.DUMPS[other]: manifest["files"][dump.name], "media.tar": manifest["files"]["media.tar"]}

    rewrite_manifest(small_backup, to_other)

    message = refused(small_backup, media_root)
    assert "holds a " + backup.VENDOR_NAMES[other] + " database" in message


def test_a_backup_from_a_newer_masthead_is_refused(small_backup, media_root):
    rewrite_manifest(small_backup, lambda m: m["migrations"]["articles"].append("0999_from_the_future"))

    assert "newer Masthead" in refused(small_backup, media_root)


def test_check_verifies_without_restoring(small_backup, media_root):
    before = state(media_root)
    out = io.StringIO()

    call_command("restore", str(small_backup), "--check", stdout=out)

    assert "sound" in out.getvalue() and state(media_root) == before


def test_an_unwritable_backup_directory_is_a_clear_error(tmp_path, media_root):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")

    with pytest.raises(CommandError, match="Cannot write into the backup folder"):
        call_command("backup", directory=str(blocker / "backups"), stdout=io.StringIO())


def test_a_backup_that_fails_half_way_leaves_nothing_that_looks_complete(tmp_path, media_root, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_media_archive", disk_full)

    with pytest.raises(CommandError, match="No space left on device"):
        call_command("backup", directory=str(tmp_path / "backups"), stdout=io.StringIO())
    assert list((tmp_path / "backups").iterdir()) == []
