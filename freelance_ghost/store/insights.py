"""The sums behind the insights: SQL aggregates, never every interaction brought into Python.

Each message you sent is kept with its ladder step, how long the reply took and its local
weekday and hour (store.sent_messages; those an import left stale are recomputed first, and
the local times filled in for the zone in use), so the figures are GROUP BYs over stored
numbers, and each median one step along an index to the middle of its group.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime, timedelta, tzinfo

from freelance_ghost.core.clock import from_micros, to_micros
from freelance_ghost.core.insights import (
    LET_GO_STEP,
    InsightCounts,
    PayTime,
    QuietStage,
    ReplyGroup,
    offset_spans,
)
from freelance_ghost.store.attention import COMMITMENTS_SQL
from freelance_ghost.store.models import database
from freelance_ghost.store.sent_messages import (
    group_indexes_set_aside,
    mostly_stale,
    refresh_stale,
)
from freelance_ghost.store.settings import INSIGHTS_ZONE, load, save

_LOCAL_SQL = """
UPDATE sent_message SET weekday = ({local} + {whole_weeks}) / {day} % 7,
    hour = ({local} + {whole_weeks}) / {hour} % 24
"""
# Integer arithmetic on local micros, once per message when it is first read (strftime in
# every GROUP BY cost more than the grouping). Adding whole weeks keeps the division's floor
# right before 1970; the epoch's day 0 was a Thursday, so +3 makes Monday 0.
_DAY_MICROS = 86_400_000_000
_WHOLE_WEEKS = 7 * _DAY_MICROS * 1_000_000 + 3 * _DAY_MICROS
_MEDIAN_SQL = """
WITH ranked AS (
    SELECT key, value, row_number() OVER (PARTITION BY key ORDER BY value) AS rank,
        count(*) OVER (PARTITION BY key) AS n
    FROM ({values})
)
SELECT key, avg(value) AS median FROM ranked WHERE rank IN ((n + 1) / 2, (n + 2) / 2) GROUP BY key
"""
# The middle one or two answered messages of a group, read along its (group, delay, sent at)
# index: no sort, however many messages the group holds.
_MIDDLE_SQL = """
SELECT avg(reply_delay) FROM (
    SELECT reply_delay FROM sent_message
    WHERE {column} = :key AND reply_delay IS NOT NULL AND sent_at >= :since
    ORDER BY reply_delay LIMIT :take OFFSET :skip
)
"""
_GROUPS = ("channel", "weekday", "hour")
_QUIET_SQL = f"""
SELECT CASE WHEN k.invoiced_at <= s.run_start THEN '{QuietStage.INVOICED}'
            WHEN k.committed_at <= s.run_start THEN '{QuietStage.PROJECT}'
            ELSE '{QuietStage.LEAD}' END AS stage, count(*)
FROM sent_message s
LEFT JOIN (
    SELECT c.client_id, c.committed_at, v.invoiced_at FROM ({COMMITMENTS_SQL}) c
    LEFT JOIN (SELECT client_id, min(issued_at) AS invoiced_at FROM invoice GROUP BY client_id) v
        ON v.client_id = c.client_id
) k ON k.client_id = s.client_id
WHERE s.last AND s.sent_at >= :since AND s.sent_at <= :quiet_before
GROUP BY stage
"""
_PAID_SQL = """
SELECT i.client_id, (max(p.received_at) - i.issued_at) / 86400000000.0 AS days
FROM invoice i JOIN payment p ON p.invoice_id = i.id
WHERE i.issued_at >= :since
GROUP BY i.id HAVING sum(p.amount_minor) >= i.amount_minor
"""


def insight_counts(
    since: datetime | None, now: datetime, zone: tzinfo, quiet_after: timedelta
) -> InsightCounts:
    """Every aggregate of docs/insights.md, for messages and invoices from ``since`` on.

    A silence counts as gone quiet once its latest attempt is ``quiet_after`` old (the
    minimum silence): a message sent this morning is not a client gone quiet.
    """
    since_micros = to_micros(since) if since else -(2**62)
    _bring_up_to_date(now, zone)
    groups = {name: _reply_groups(name, since_micros) for name in _GROUPS}
    replies_after, let_go = _ladder(since_micros)
    quiet = {"since": since_micros, "quiet_before": to_micros(now - quiet_after)}
    gone_quiet = dict(database.execute_sql(_QUIET_SQL, quiet))
    paid, median, mean, pay_times = _days_to_pay(since_micros)
    return InsightCounts(
        by_channel=groups["channel"],
        by_weekday=groups["weekday"],
        by_hour=groups["hour"],
        replies_after=replies_after,
        let_go=let_go,
        gone_quiet=tuple((stage, gone_quiet.get(stage, 0)) for stage in QuietStage.ALL),
        committed_counts=tuple(_committed_counts(since_micros)),
        paid_invoices=paid,
        median_days_to_pay=median,
        mean_days_to_pay=mean,
        pay_times=pay_times,
    )


def _bring_up_to_date(now: datetime, zone: tzinfo) -> None:
    """Recomputes the stale clients' sent messages and fills in local times, in one
    transaction; with the group indexes set aside when most rows are rewritten.

    Whether there is anything to do is found by reading alone: once up to date, a reading
    takes no write lock, so it never waits behind a writer such as an import in the window.
    """
    if not _out_of_date(zone):
        return
    connection = database.connection()
    with database.atomic():
        rewrite_most = mostly_stale(connection) or _stored_zone() != str(zone)
        with group_indexes_set_aside(connection) if rewrite_most else nullcontext():
            refresh_stale(connection)
            _fill_local_times(now, zone)


def _out_of_date(zone: tzinfo) -> bool:
    """Whether any client is stale, any message lacks its local time, or the zone differs."""
    return _stored_zone() != str(zone) or any(
        database.execute_sql(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
        for table in ("sent_message_stale", "sent_message WHERE hour IS NULL")
    )


def _stored_zone() -> str | None:
    """The name of the zone the stored local times were worked out in, if any."""
    return load(INSIGHTS_ZONE)


def _fill_local_times(now: datetime, zone: tzinfo) -> None:
    """Local weekday and hour of the messages that have none yet, or of all of them when
    they were worked out in another zone (rare: the user moved), by the zone's offsets."""
    name = str(zone)
    if _stored_zone() == name:
        where = " WHERE hour IS NULL"
        if database.execute_sql(f"SELECT 1 FROM sent_message{where} LIMIT 1").fetchone() is None:
            return
    else:
        where = ""
    sql = _LOCAL_SQL.format(
        local=_local_micros(now, zone),
        whole_weeks=_WHOLE_WEEKS,
        day=_DAY_MICROS,
        hour=_DAY_MICROS // 24,
    )
    database.execute_sql(sql + where)
    save([(INSIGHTS_ZONE, name)])


def _local_micros(now: datetime, zone: tzinfo) -> str:
    """The SQL expression for a message's local time: ``sent_at`` plus its stretch's offset."""
    first, last = database.execute_sql(
        "SELECT min(occurred_at), max(occurred_at) FROM interaction"
    ).fetchone()
    start = from_micros(first) if first is not None else now
    end = max(from_micros(last), now) if last is not None else now
    spans = offset_spans(zone, start - timedelta(days=1), end + timedelta(days=1))
    # The offsets are integers this module computed: safe to write into the statement.
    cases = " ".join(
        f"WHEN sent_at < {begin} THEN {offset}"
        for (begin, _), (_, offset) in zip(spans[1:], spans, strict=False)
    )
    return (
        f"sent_at + CASE {cases} ELSE {spans[-1][1]} END" if cases else f"sent_at + {spans[-1][1]}"
    )


def _reply_groups(column: str, since_micros: int) -> tuple[ReplyGroup, ...]:
    """Sent and answered per group, with the median reply time of the answered ones."""
    totals = database.execute_sql(
        f"SELECT {column} AS key, count(*), count(reply_delay) FROM sent_message "
        "WHERE sent_at >= ? GROUP BY key ORDER BY key",
        (since_micros,),
    ).fetchall()
    return tuple(
        ReplyGroup(str(key), sent, answered, _median_reply(column, key, answered, since_micros))
        for key, sent, answered in totals
    )


def _median_reply(column: str, key: object, answered: int, since_micros: int) -> timedelta | None:
    """The median reply time of a group's ``answered`` messages: the middle one, or the mean
    of the middle two."""
    if not answered:
        return None
    middle = {
        "key": key,
        "since": since_micros,
        "take": 2 - answered % 2,
        "skip": (answered - 1) // 2,
    }
    (median,) = database.execute_sql(_MIDDLE_SQL.format(column=column), middle).fetchone()
    return timedelta(microseconds=median)


def _ladder(since_micros: int) -> tuple[tuple[tuple[int, int], ...], int]:
    """Replies by the ladder step of the message they answered, and silences let go."""
    rows = database.execute_sql(
        f"SELECT min(attempt, {LET_GO_STEP}) AS step, count(*) FROM sent_message "
        "WHERE reply_delay IS NOT NULL AND sent_at >= ? GROUP BY step ORDER BY step",
        (since_micros,),
    ).fetchall()
    (let_go,) = database.execute_sql(
        f"SELECT count(*) FROM sent_message WHERE last AND attempt >= {LET_GO_STEP} "
        "AND sent_at >= ?",
        (since_micros,),
    ).fetchone()
    return tuple((step, count) for step, count in rows), let_go


def _committed_counts(since_micros: int) -> list[int]:
    """Interactions before commitment, of clients that committed from ``since`` on."""
    sql = f"""
    SELECT (SELECT count(*) FROM interaction i
            WHERE i.client_id = k.client_id AND i.occurred_at < k.committed_at)
    FROM ({COMMITMENTS_SQL}) k WHERE k.committed_at >= ?
    """
    return [count for (count,) in database.execute_sql(sql, (since_micros,))]


def _days_to_pay(
    since_micros: int,
) -> tuple[int, float | None, float | None, tuple[PayTime, ...]]:
    """Invoices paid in full: how many, median and mean days, and each client's median."""
    paid = f"({_PAID_SQL})"
    count, mean = database.execute_sql(
        f"SELECT count(*), avg(days) FROM {paid}", {"since": since_micros}
    ).fetchone()
    overall = database.execute_sql(
        _MEDIAN_SQL.format(values=f"SELECT 0 AS key, days AS value FROM {paid}"),
        {"since": since_micros},
    ).fetchone()
    per_client = database.execute_sql(
        f"""
        WITH m AS ({_MEDIAN_SQL.format(values=f"SELECT client_id AS key, days AS value FROM {paid}")})
        SELECT c.name, n.invoices, m.median FROM m
        JOIN (SELECT client_id, count(*) AS invoices FROM {paid} GROUP BY client_id) n
            ON n.client_id = m.key
        JOIN client c ON c.id = m.key
        """,
        {"since": since_micros},
    ).fetchall()
    return (
        count,
        round(overall[1], 1) if overall else None,
        round(mean, 1) if mean is not None else None,
        tuple(PayTime(name, invoices, round(median, 1)) for name, invoices, median in per_client),
    )
