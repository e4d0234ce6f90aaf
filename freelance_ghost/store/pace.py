"""Each client's latest reply delays, cached in ``client_pace`` so the engine never walks history."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from freelance_ghost.core.pace import reply_delays
from freelance_ghost.store.models import ClientPace, database

_CHUNK = 500


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def compute_reply_delays(client_ids: Iterable[int]) -> dict[int, list[int]]:
    """Reply delays (microseconds, oldest first, the latest ten) from the interactions."""
    ids = sorted(set(client_ids))
    result: dict[int, list[int]] = {client_id: [] for client_id in ids}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = database.execute_sql(
            "SELECT client_id, occurred_at, direction FROM interaction "
            f"WHERE client_id IN ({marks}) ORDER BY client_id, occurred_at, id",
            chunk,
        ).fetchall()
        start = 0
        while start < len(rows):
            client_id = rows[start][0]
            end = start
            while end < len(rows) and rows[end][0] == client_id:
                end += 1
            result[client_id] = reply_delays((at, way) for _, at, way in rows[start:end])
            start = end
    return result


def refresh_pace(client_ids: Iterable[int]) -> None:
    """Recomputes and stores the cached delays of these clients (call after writing them)."""
    computed = compute_reply_delays(client_ids)
    rows = [
        {"client": client_id, "reply_delays": ",".join(map(str, delays))}
        for client_id, delays in computed.items()
    ]
    with database.atomic():
        for start in range(0, len(rows), _CHUNK):
            ClientPace.replace_many(rows[start : start + _CHUNK]).execute()


def reply_delays_of(client_ids: Iterable[int]) -> dict[int, list[int]]:
    """The delays of these clients: from the cache, computed afresh where it was dropped."""
    ids = sorted(set(client_ids))
    cached: dict[int, list[int]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for client_id, text in database.execute_sql(
            f"SELECT client_id, reply_delays FROM client_pace WHERE client_id IN ({marks})", chunk
        ):
            cached[client_id] = [int(part) for part in text.split(",")] if text else []
    missing = [client_id for client_id in ids if client_id not in cached]
    if missing:
        cached.update(compute_reply_delays(missing))
    return cached
