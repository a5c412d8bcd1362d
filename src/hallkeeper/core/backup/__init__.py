"""Backup and restore of a whole installation: the database and the media, in one archive.

An archive (``hallkeeper-backup-YYYYMMDD-HHMMSS.tar.gz``, mode 0600) holds

* ``database/hallkeeper.sqlite3`` (SQLite's online backup) or ``database/hallkeeper.pgdump``
  (``pg_dump --format=custom``), a consistent snapshot taken first;
* ``media/…``: every regular file under ``MEDIA_ROOT``, copied after the snapshot, so every file a
  snapshot row refers to is there;
* ``manifest.json`` last: format and product version, database engine, the migration state (latest
  migration per app), when it was made, and the SHA-256 and size of every other member.

``services.py`` makes, verifies, restores and prunes archives (the ``backup`` and ``restore`` commands and
the nightly task in ``tasks.py`` call it); ``archive.py`` writes and checks the tar members, ``manifest.py``
reads and writes the manifest, ``database.py`` holds what depends on the engine and ``media.py`` the files.
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do, and nothing was changed
    (unless the message says otherwise)."""
