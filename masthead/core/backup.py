"""Backups of a whole Masthead: the database, the uploaded media, and a manifest that describes both.

A backup is one folder in BACKUP_DIR, named for its UTC time (`masthead-20261130T195800Z`):

    manifest.json      when, which database vendor, Masthead's migration state, row counts per
                       table, media file count, and the size and SHA-256 of each file below
    database.sqlite3   SQLite: a copy made with SQLite's online backup API (consistent while the
                       site is running), or
    database.pgdump    PostgreSQL: `pg_dump --format=custom` (one snapshot; the row counts in the
                       manifest are taken in the same snapshot)
    media.tar          every regular file under MEDIA_ROOT (images, renditions, documents); empty when
                       the media live in a bucket (MEDIA_STORAGE_URL), which the manifest then names

Media in a bucket are not copied out: the bucket is already the durable copy that every app node
shares, and reading a whole production bucket through one process every night does not scale. The
bucket's own versioning (or replication) keeps what a restore of an older database may need: a
picture deleted after the backup comes back as its previous version (docs/scaling.md). A backup
made from MEDIA_ROOT and restored with a bucket configured uploads its files into the bucket,
which is also how a site moves its media from disk to a bucket.

The folder is written under a hidden temporary name and renamed only when complete, so a backup
that failed or was interrupted never looks like one. Restoring checks everything it can before it
changes anything: the manifest, every checksum, the media archive's member names (no absolute
paths, no `..`, no links or devices), the dump itself, the vendor, that this code knows every
migration the backup has applied, and that the target database holds no content (unless forced).
Then it replaces the database in one transaction (PostgreSQL: the current schema's tables are
dropped and the dump loaded in the same `psql --single-transaction`; SQLite: the backup API copies
the file into the open database), compares the row counts with the manifest, swaps the media
folder's content, and runs `migrate`, so a backup from an older Masthead comes up to date.

Why not django-dbbackup (5.4, which supports Django 5.2): its SQLite connectors either replay a
text dump with `INSERT OR REPLACE` and turn failed statements into warnings (a restore that lost
rows still "succeeds", and rows merge into what the database held), or overwrite the database file
in place, which under our WAL mode leaves the old `-wal` file beside the new database. Database and
media are two unrelated files there, with no checksums, no vendor or migration check and no
"target not empty" refusal; and `pg_restore --clean` leaves tables the dump does not know (a newer
`migrate` on the target), so the `migrate` after the restore fails. What we need is sixty lines
of pg_dump/psql and sqlite3 calls, written here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from masthead.core.media_storage import describe_media_storage, media_on_local_disk

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_LIMIT = 16 * 1024 * 1024
MEDIA_ARCHIVE = "media.tar"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Left in MEDIA_ROOT only by a restore that was killed half-way; never part of a backup.
_MEDIA_WORK_PREFIXES = (".restore-", ".replaced-")

# Drops every table, view and sequence of the current schema. It runs inside the same transaction
# as the dump's own statements, so a failed restore leaves the old database as it was.
_PG_EMPTY_SCHEMA = """
DO $masthead$
DECLARE
    kinds text[][] := ARRAY[['r', 'TABLE'], ['p', 'TABLE'], ['f', 'FOREIGN TABLE'], ['m', 'MATERIALIZED VIEW'],
                            ['v', 'VIEW'], ['S', 'SEQUENCE']];
    names text;
BEGIN
    FOR i IN 1 .. array_length(kinds, 1) LOOP
        SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ') INTO names
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = kinds[i][1]::"char";
        IF names IS NOT NULL THEN
            EXECUTE format('DROP %s IF EXISTS %s CASCADE', kinds[i][2], names);
        END IF;
    END LOOP;
END
$masthead$;
"""


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


class TargetNotEmpty(BackupError):
    """The database to restore into holds content, and the restore was not forced."""


def backup_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.BASE_DIR) / "var" / "backups"))


def backup_create(*, directory: Path | None = None, using: str = DEFAULT_DB_ALIAS, now: dt.datetime | None = None) -> Path:
    """Write one complete backup folder into `directory` (BACKUP_DIR) and return its path.

    Raises BackupError; nothing named like a backup is left behind on failure.
    """
    connection = connections[using]
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    directory = Path(directory or backup_dir())
    now = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    name = f"masthead-{now:%Y%m%dT%H%M%SZ}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".partial-{name}-", dir=directory))
    except OSError as error:
        raise BackupError(f"Cannot write into the backup folder {directory}: {error.strerror or error}.") from error
    try:
        dump = work / DUMPS[connection.vendor]
        if connection.vendor == "sqlite":
            tables, migrations = _sqlite_dump(connection, dump)
        else:
            tables, migrations = _pg_dump(connection, dump)
        if media_on_local_disk():
            media = _media_archive(Path(settings.MEDIA_ROOT), work / MEDIA_ARCHIVE)
        else:
            media = {**_media_archive(None, work / MEDIA_ARCHIVE), "bucket": describe_media_storage()}
        manifest = {
            "format": FORMAT,
            "application": "masthead",
            "created_at": now.isoformat(),
            "database": {"vendor": connection.vendor, "file": dump.name, "tables": tables},
            "migrations": migrations,
            "media": {"file": MEDIA_ARCHIVE, **media},
            "files": {path.name: _describe(path) for path in (dump, work / MEDIA_ARCHIVE)},
            "versions": _versions(),
        }
        _write_atomically(work / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        return _publish(work, directory, name)
    except BaseException as error:
        shutil.rmtree(work, ignore_errors=True)
        if isinstance(error, OSError):
            raise BackupError(f"The backup failed: {error.strerror or error} ({error.filename or directory}).") from error
        if isinstance(error, sqlite3.Error):
            raise BackupError(f"The backup failed: SQLite says {error}.") from error
        raise


def backup_verify(path: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Read a backup and check everything that can be checked without changing anything; return its manifest."""
    folder = Path(path)
    if folder.name == MANIFEST:
        folder = folder.parent
    if not folder.exists():
        raise BackupError(f"There is no backup at {path}.")
    if not folder.is_dir():
        raise BackupError(f"{path} is not a backup folder (expected a folder holding {MANIFEST}).")
    manifest = _read_manifest(folder)
    vendor = manifest["database"]["vendor"]
    target = connections[using].vendor
    if vendor != target:
        raise BackupError(
            f"This backup holds a {VENDOR_NAMES.get(vendor, vendor)} database, but the configured database is "
            f"{VENDOR_NAMES.get(target, target)}. Restore it into a {VENDOR_NAMES.get(vendor, vendor)} database "
            "(set DATABASE_URL); moving between vendors is a dumpdata/loaddata job."
        )
    for name, expected in manifest["files"].items():
        _check_file(folder / name, expected)
    _check_media_archive(folder / MEDIA_ARCHIVE, manifest["media"]["files"])
    dump = folder / manifest["database"]["file"]
    if vendor == "sqlite":
        _check_sqlite_file(dump)
    else:
        _run(["pg_restore", "--list", str(dump)], what="Reading the PostgreSQL dump")
    known = _known_migrations()
    unknown = sorted(
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "This backup comes from a newer Masthead: these migrations are not in this code: "
            + ", ".join(unknown[:10])
            + (" ..." if len(unknown) > 10 else "")
            + ". Install that version (or newer) before restoring."
        )
    return manifest


def database_has_content(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database holds anything a restore would destroy.

    A freshly migrated database is not content: migrations create Wagtail's root and welcome
    pages, content types and permissions. Accounts, revisions, images, documents and pages of
    our own types are.
    """
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    checks = [
        (get_user_model(), lambda q: q),
        (Revision, lambda q: q),
        (get_image_model(), lambda q: q),
        (get_document_model(), lambda q: q),
        (Page, lambda q: q.filter(depth__gt=1).exclude(content_type__app_label="wagtailcore")),
    ]
    for model, narrow in checks:
        if model._meta.db_table in tables and narrow(model._default_manager.using(using)).exists():
            return True
    return False


def backup_restore(*, path: Path | str, force: bool = False, using: str = DEFAULT_DB_ALIAS, log=print) -> dict:
    """Replace the configured database and MEDIA_ROOT with the backup at `path`, then migrate.

    With the media in a bucket, the archive's files (a backup made from disk) are uploaded into it,
    and a backup whose media lived in a bucket leaves the media, wherever they are, as they are.

    Raises TargetNotEmpty (nothing changed) when the database holds content and `force` is
    false, and BackupError (nothing changed) when the backup fails any check.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    from masthead.core.freshness import bump_content_version, forget

    folder = Path(path)
    folder = folder.parent if folder.name == MANIFEST else folder
    manifest = backup_verify(folder, using=using)
    log(f"Backup {folder} checked: {manifest['created_at']}, {VENDOR_NAMES[manifest['database']['vendor']]}, "
        f"{sum(manifest['database']['tables'].values())} rows, {manifest['media']['files']} media files.")
    connection = connections[using]
    if database_has_content(using=using) and not force:
        raise TargetNotEmpty(
            f"The database {connection.settings_dict['NAME']} already holds content (accounts, pages or media). "
            "Restoring would replace it: run again with --force if that is what you want."
        )
    media_root = Path(settings.MEDIA_ROOT)
    on_disk = media_on_local_disk()
    media_in_backup = "bucket" not in manifest["media"]
    staging = _stage_media(folder / MEDIA_ARCHIVE, media_root) if on_disk and media_in_backup else None
    try:
        dump = folder / manifest["database"]["file"]
        if connection.vendor == "sqlite":
            _sqlite_restore(connection, dump)
        else:
            _pg_restore(connection, dump)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    log("Database restored.")
    tables = _row_counts(connection)
    differing = sorted(t for t in set(tables) | set(manifest["database"]["tables"]) if tables.get(t) != manifest["database"]["tables"].get(t))
    if not media_in_backup:
        log(f"The backup's media live in the {manifest['media']['bucket']}; they were left as they are "
            f"(the media now: {describe_media_storage()}).")
    elif on_disk:
        try:
            _swap_media(staging, media_root)
        except OSError as error:
            raise BackupError(
                f"The database was restored, but moving the media into {media_root} failed: {error}. "
                f"The restored files are in {staging}; move them into place by hand."
            ) from error
        log(f"Media restored into {media_root}.")
    else:
        uploaded = _upload_media(folder / MEDIA_ARCHIVE)
        log(f"{uploaded} media files uploaded into the {describe_media_storage()}.")
    if differing:
        raise BackupError("The restored database differs from the backup's manifest in tables: " + ", ".join(differing[:10]))
    ContentType.objects.clear_cache()
    call_command("migrate", interactive=False, verbosity=0, database=using)
    log("Migrations applied.")
    # Caches outside the database (Redis) may hold fragments under the restored version number.
    forget()
    bump_content_version()
    return manifest


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_dump(connection, target: Path) -> tuple[dict, dict]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        return _sqlite_counts(copy), _migrations_from(copy.cursor())
    finally:
        copy.close()


def _sqlite_counts(raw) -> dict:
    names = [row[0] for row in raw.execute(_SQLITE_TABLES).fetchall()]
    return {name: raw.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"


def _check_sqlite_file(path: Path) -> None:
    try:
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = raw.execute("PRAGMA quick_check").fetchone()[0]
            raw.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
        finally:
            raw.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The database file {path.name} is not a usable SQLite database: {error}.") from error
    if result != "ok":
        raise BackupError(f"The database file {path.name} is damaged: {result}.")


def _sqlite_restore(connection, dump: Path) -> None:
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        # One step: the whole copy is a single write transaction on the open database.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite refused the restore: {error}.") from error
    finally:
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_args(connection, program: str, parameters: list[str]) -> tuple[list[str], dict]:
    client = connection.client
    args, env = client.settings_to_cmd_args_env(connection.settings_dict, parameters)
    return [program, *args[1:]], {**os.environ, **(env or {})}


def _pg_dump(connection, target: Path) -> tuple[dict, dict]:
    # The counts and migration state are read in the very snapshot pg_dump dumps.
    connection.ensure_connection()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        args, env = _pg_args(
            connection,
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={target}"],
        )
        _run(args, env=env, what="pg_dump")
        return _row_counts(connection, cursor), _migrations_from(cursor)


def _pg_restore(connection, dump: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    connection.close()  # psql replaces every table under it
    args, env = _pg_args(connection, "psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"])
    with tempfile.TemporaryFile() as psql_errors, tempfile.TemporaryFile() as restore_errors:
        psql = subprocess.Popen(args, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors)
        sql = subprocess.Popen(
            ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        try:
            psql.stdin.write(_PG_EMPTY_SCHEMA.encode())
            shutil.copyfileobj(sql.stdout, psql.stdin, 1024 * 1024)
        except BrokenPipeError:
            sql.kill()
        finally:
            try:
                psql.stdin.close()
            except BrokenPipeError:
                pass
            sql.wait()
            psql.wait()
        if sql.returncode or psql.returncode:
            psql_errors.seek(0)
            restore_errors.seek(0)
            detail = (psql_errors.read() + restore_errors.read()).decode(errors="replace").strip()
            raise BackupError(f"PostgreSQL refused the restore; the database is unchanged. {detail[-2000:]}")


# --- Both -----------------------------------------------------------------------------------


def _row_counts(connection, cursor=None) -> dict:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    own = cursor is None
    cursor = cursor or connection.cursor()
    try:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
        names = [row[0] for row in cursor.fetchall()]
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
        return counts
    finally:
        if own:
            cursor.close()


def _migrations_from(cursor) -> dict:
    try:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
    except Exception as error:  # noqa: BLE001 - any driver's "no such table"
        raise BackupError("The database has never been migrated; there is nothing to back up.") from error
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    return known


def _versions() -> dict:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for package in ("masthead", "django", "wagtail"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            pass
    return found


def _run(args: list[str], *, env: dict | None = None, what: str) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{what}: {args[0]} is not installed (Debian: apt-get install postgresql-client).") from error
    if result.returncode:
        detail = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{what} failed: {detail[-2000:]}")


# --- Files ----------------------------------------------------------------------------------


def _describe(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(partial, path)


def _publish(work: Path, directory: Path, name: str) -> Path:
    for attempt in range(100):
        final = directory / (name if attempt == 0 else f"{name}-{attempt}")
        if final.exists():
            continue
        try:
            os.rename(work, final)  # atomic on one filesystem; fails if another backup took the name
        except OSError:
            if final.exists():
                continue
            raise
        return final
    raise BackupError(f"Too many backups named {name} in {directory}.")


def _media_archive(media_root: Path | None, target: Path) -> dict:
    """Every regular file under `media_root` into the tar at `target`; None writes an empty archive."""
    files = size = skipped = 0
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        if media_root is not None and media_root.is_dir():
            for folder, subfolders, names in os.walk(media_root):
                here = Path(folder)
                subfolders[:] = sorted(
                    d for d in subfolders if not (here == media_root and d.startswith(_MEDIA_WORK_PREFIXES))
                )
                for name in sorted(names):
                    path = here / name
                    if here == media_root and name.startswith(_MEDIA_WORK_PREFIXES):
                        continue
                    if path.is_symlink() or not path.is_file():
                        skipped += 1  # links and devices are not media; restoring them would be unsafe
                        continue
                    archive.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
                    files += 1
                    size += path.stat().st_size
    return {"files": files, "bytes": size, "skipped": skipped}


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a complete Masthead backup: it has no {MANIFEST}.")
    if path.stat().st_size > MANIFEST_LIMIT:
        raise BackupError(f"The backup's {MANIFEST} is too large to be one Masthead wrote.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"The backup's {MANIFEST} cannot be read: {error}.") from error
    try:
        vendor = manifest["database"]["vendor"]
        ok = (
            manifest.get("application") == "masthead"
            and vendor in DUMPS
            and manifest["database"]["file"] == DUMPS[vendor]
            and isinstance(manifest["database"]["tables"], dict)
            and all(isinstance(n, int) for n in manifest["database"]["tables"].values())
            and isinstance(manifest["migrations"], dict)
            and all(isinstance(v, list) for v in manifest["migrations"].values())
            and isinstance(manifest["media"]["files"], int)
            and isinstance(manifest["media"].get("bucket", ""), str)
            and set(manifest["files"]) == {DUMPS[vendor], MEDIA_ARCHIVE}
            and isinstance(manifest["created_at"], str)
        )
    except (KeyError, TypeError) as error:
        raise BackupError(f"The backup's {MANIFEST} is incomplete ({error}).") from error
    if not ok:
        raise BackupError(f"The backup's {MANIFEST} is not one Masthead wrote.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The backup's format {manifest.get('format')!r} is not one this Masthead reads ({FORMAT}).")
    return manifest


def _check_file(path: Path, expected) -> None:
    if not isinstance(expected, dict) or not isinstance(expected.get("sha256"), str):
        raise BackupError(f"The backup's {MANIFEST} does not describe {path.name}.")
    if not path.is_file():
        raise BackupError(f"The backup is missing {path.name}.")
    actual = _describe(path)
    if actual["bytes"] != expected.get("bytes"):
        raise BackupError(
            f"{path.name} is {actual['bytes']} bytes, the manifest says {expected.get('bytes')}: the backup is truncated "
            "or was changed. Nothing was restored."
        )
    if actual["sha256"] != expected["sha256"]:
        raise BackupError(f"{path.name} does not match its checksum: the backup is damaged or was changed. Nothing was restored.")


def _safe_member(member: tarfile.TarInfo) -> bool:
    name = PurePosixPath(member.name)
    return (
        (member.isfile() or member.isdir())
        and not name.is_absolute()
        and ".." not in name.parts
        and "\\" not in member.name
        and bool(name.parts)
        and not name.parts[0].startswith(_MEDIA_WORK_PREFIXES)
    )


def _check_media_archive(path: Path, expected_files: int) -> None:
    files = 0
    try:
        with tarfile.open(path, "r:") as archive:
            for member in archive:
                if not _safe_member(member):
                    raise BackupError(f"The media archive holds an entry that is not a plain file inside the media folder: {member.name!r}.")
                files += member.isfile()
    except tarfile.TarError as error:
        raise BackupError(f"The media archive cannot be read: {error}.") from error
    if files != expected_files:
        raise BackupError(f"The media archive holds {files} files, the manifest says {expected_files}.")


def _stage_media(archive_path: Path, media_root: Path) -> Path:
    """Unpack the media next to the live files (same filesystem, so the swap is a rename)."""
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    except OSError as error:
        raise BackupError(f"Cannot write into the media folder {media_root}: {error.strerror or error}.") from error
    try:
        with tarfile.open(archive_path, "r:") as archive:
            archive.extractall(staging, members=[m for m in archive if _safe_member(m)], filter="data")
    except (OSError, tarfile.TarError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(f"Unpacking the media failed; nothing was restored: {error}.") from error
    return staging


def _upload_media(archive_path: Path) -> int:
    """Put every file of the (checked) archive into the media storage under its own name, replacing
    an object of that name: the restored database refers to the files by these names."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    uploaded = 0
    try:
        with tarfile.open(archive_path, "r:") as archive:
            for member in archive:
                if not (_safe_member(member) and member.isfile()):
                    continue
                if default_storage.exists(member.name):
                    default_storage.delete(member.name)
                saved = default_storage.save(member.name, File(archive.extractfile(member), name=member.name))
                if saved != member.name:
                    raise BackupError(f"The media storage stored {member.name} as {saved}; another upload raced the restore.")
                uploaded += 1
    except BackupError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever the storage raised (OSError, boto's), the database is restored
        raise BackupError(
            f"The database was restored, but uploading the media into the {describe_media_storage()} failed after "
            f"{uploaded} files: {error}. Run the restore again with --force to finish."
        ) from error
    return uploaded


def _swap_media(staging: Path, media_root: Path) -> None:
    """Move the live files aside, the restored ones in, then delete the old ones.

    Child by child rather than renaming MEDIA_ROOT itself, which may be a mount point.
    """
    replaced = Path(tempfile.mkdtemp(prefix=".replaced-", dir=media_root))
    for child in media_root.iterdir():
        if child not in (staging, replaced):
            os.rename(child, replaced / child.name)
    for child in staging.iterdir():
        os.rename(child, media_root / child.name)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(replaced, ignore_errors=True)
