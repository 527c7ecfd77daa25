"""Numbered, immutable schema migrations with a major/minor version (qutebrowser's UserVersion).

Each `migrations/NNNN_name.sql` starts with a `-- schema: MAJOR.MINOR` line. A minor step only
adds things an older build of the same major can ignore, so that build still opens the file; a
major step may change anything, so an older build refuses the file (`ForeignDatabase`) rather
than misread it. Each file runs in its own transaction together with its `schema_version` row.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

from app.domain.errors import ForeignDatabase
from app.store.db import Database

log = logging.getLogger(__name__)

REPLICA_MARKER = b"switchboard-replica"
"""`meta['replica.app']`: tells our file from any other SQLCipher database with the same key."""

_FILE_NAME = re.compile(r"(?P<number>\d{4})_(?P<name>[a-z0-9_]+)\.sql")
_HEADER = re.compile(r"-- schema: (?P<major>\d+)\.(?P<minor>\d+)\n")

_SQL_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"
_SQL_MARKER = "SELECT value FROM meta WHERE key = 'replica.app'"
_SQL_APPLIED = "SELECT migration, major, minor FROM schema_version ORDER BY migration"


@dataclass(frozen=True, slots=True)
class Migration:
    number: int
    name: str
    major: int
    minor: int
    sql: str


@dataclass(frozen=True, slots=True)
class SchemaVersion:
    major: int
    minor: int


def load_migrations() -> tuple[Migration, ...]:
    """The migrations shipped in `app/store/migrations`, checked and in order."""
    folder = resources.files("app.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _FILE_NAME.fullmatch(entry.name)
        if match is None:
            continue
        sql = entry.read_text(encoding="utf-8")
        header = _HEADER.match(sql)
        if header is None:
            raise RuntimeError(f"{entry.name} lacks its '-- schema: MAJOR.MINOR' first line")
        found.append(
            Migration(
                number=int(match["number"]),
                name=match["name"],
                major=int(header["major"]),
                minor=int(header["minor"]),
                sql=sql,
            )
        )
    found.sort(key=lambda m: m.number)
    _check_sequence(found)
    return tuple(found)


def _check_sequence(migrations: list[Migration]) -> None:
    for index, migration in enumerate(migrations, start=1):
        if migration.number != index:
            raise RuntimeError(f"migration numbers must run 1, 2, 3 …; {index} is missing")
        if index > 1 and (migration.major, migration.minor) <= (
            migrations[index - 2].major,
            migrations[index - 2].minor,
        ):
            raise RuntimeError(f"migration {index} does not raise the schema version")


async def migrate(db: Database, migrations: tuple[Migration, ...] | None = None) -> SchemaVersion:
    """Bring the replica up to this build's schema.

    Raises:
        ForeignDatabase: the file is not a replica, or a newer major version made it.
    """
    migrations = load_migrations() if migrations is None else migrations
    ours = migrations[-1]
    applied = await _applied(db)
    if applied:
        newest = max(major for major, _ in applied.values())
        if newest > ours.major:
            raise ForeignDatabase(
                f"{db.path.name} was written by a newer Switchboard (schema {newest}.x); "
                f"this version reads schema {ours.major}.x. Update Switchboard."
            )
    for migration in migrations:
        if migration.number not in applied:
            await _apply(db, migration)
            applied[migration.number] = (migration.major, migration.minor)
    major, minor = max(applied.values())
    return SchemaVersion(major, minor)


async def _applied(db: Database) -> dict[int, tuple[int, int]]:
    """Migrations already in the file; empty for a new file."""
    async with db.read() as tx:
        tables = {row[0] for row in await tx.fetchall(_SQL_TABLES)}
        if not tables:
            return {}
        if not {"meta", "schema_version"} <= tables:
            raise ForeignDatabase(f"{db.path.name} opens, but it is not a Switchboard replica.")
        marker = await tx.fetchval(_SQL_MARKER)
        if marker is None or bytes(marker) != REPLICA_MARKER:
            raise ForeignDatabase(f"{db.path.name} opens, but it is not a Switchboard replica.")
        rows = await tx.fetchall(_SQL_APPLIED)
    return {int(row[0]): (int(row[1]), int(row[2])) for row in rows}


async def _apply(db: Database, migration: Migration) -> None:
    log.info("applying replica migration %04d_%s", migration.number, migration.name)
    # One script, one transaction: sqlcipher3's executescript would commit an open transaction
    # first, so BEGIN and COMMIT live inside it. The values spliced in come from our own file
    # names and headers, which the regexes above restrict to digits and [a-z0-9_].
    script = (
        "BEGIN IMMEDIATE;\n"
        f"{migration.sql}\n"
        "INSERT INTO schema_version (migration, name, major, minor) VALUES "
        f"({migration.number}, '{migration.name}', {migration.major}, {migration.minor});\n"
        "COMMIT;\n"
    )
    async with db.read() as tx:
        try:
            await tx.executescript(script)
        except BaseException:
            if tx.in_transaction:
                await tx.execute("ROLLBACK")
            raise
