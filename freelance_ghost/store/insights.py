"""The sums behind the insights: SQL aggregates, never every interaction brought into Python.

Each message you sent is kept with its ladder step and how long the reply took
(store.sent_messages; those an import left stale are recomputed first); one pass over those rows adds
the local weekday and hour to a temporary table of this connection, and the figures are
GROUP BYs over it.
"""

from __future__ import annotations

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
from freelance_ghost.store.sent_messages import refresh_stale

_SENT = "temp.insight_sent"
_SENT_SQL = """
CREATE TEMP TABLE insight_sent AS
SELECT client_id, sent_at AS at, channel, reply_delay AS delay, attempt, last, run_start,
    (local_at + {whole_weeks}) / {day} % 7 AS weekday, (local_at + {whole_weeks}) / {hour} % 24 AS hour
FROM (SELECT *, {local} AS local_at FROM sent_message WHERE sent_at >= :since)
"""
# Integer arithmetic on local micros, once per message (strftime in every GROUP BY cost more
# than the grouping). Adding whole weeks keeps the division's floor right before 1970; the
# epoch's day 0 was a Thursday, so +3 makes Monday 0.
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
_GROUPS = {"channel": "channel", "weekday": "weekday", "hour": "hour"}
_QUIET_SQL = f"""
SELECT CASE WHEN k.invoiced_at <= s.run_start THEN '{QuietStage.INVOICED}'
            WHEN k.committed_at <= s.run_start THEN '{QuietStage.PROJECT}'
            ELSE '{QuietStage.LEAD}' END AS stage, count(*)
FROM {_SENT} s
LEFT JOIN (
    SELECT c.client_id, c.committed_at, v.invoiced_at FROM ({COMMITMENTS_SQL}) c
    LEFT JOIN (SELECT client_id, min(issued_at) AS invoiced_at FROM invoice GROUP BY client_id) v
        ON v.client_id = c.client_id
) k ON k.client_id = s.client_id
WHERE s.last AND s.at <= :quiet_before
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
    with database.atomic():
        refresh_stale(database.connection())
    _fill_sent(since_micros, now, zone)
    try:
        groups = {name: _reply_groups(name, expression) for name, expression in _GROUPS.items()}
        replies_after, let_go = _ladder()
        quiet_before = to_micros(now - quiet_after)
        gone_quiet = dict(database.execute_sql(_QUIET_SQL, {"quiet_before": quiet_before}))
    finally:
        database.execute_sql(f"DROP TABLE IF EXISTS {_SENT}")
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


def _fill_sent(since_micros: int, now: datetime, zone: tzinfo) -> None:
    """The temporary table of sent messages, local times by the zone's offsets (never float)."""
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
    local = (
        f"sent_at + CASE {cases} ELSE {spans[-1][1]} END" if cases else f"sent_at + {spans[-1][1]}"
    )
    database.execute_sql(f"DROP TABLE IF EXISTS {_SENT}")
    sql = _SENT_SQL.format(
        local=local, whole_weeks=_WHOLE_WEEKS, day=_DAY_MICROS, hour=_DAY_MICROS // 24
    )
    database.execute_sql(sql, {"since": since_micros})


def _reply_groups(name: str, expression: str) -> tuple[ReplyGroup, ...]:
    """Sent and answered per group, with the median reply time of the answered ones."""
    totals = database.execute_sql(
        f"SELECT {expression} AS key, count(*), count(delay) FROM {_SENT} GROUP BY key ORDER BY key"
    ).fetchall()
    values = f"SELECT {expression} AS key, delay AS value FROM {_SENT} WHERE delay IS NOT NULL"
    medians = dict(database.execute_sql(_MEDIAN_SQL.format(values=values)).fetchall())
    return tuple(
        ReplyGroup(
            str(key),
            sent,
            answered,
            timedelta(microseconds=medians[key]) if key in medians else None,
        )
        for key, sent, answered in totals
    )


def _ladder() -> tuple[tuple[tuple[int, int], ...], int]:
    """Replies by the ladder step of the message they answered, and silences let go."""
    rows = database.execute_sql(
        f"SELECT min(attempt, {LET_GO_STEP}) AS step, count(*) FROM {_SENT} "
        "WHERE delay IS NOT NULL GROUP BY step ORDER BY step"
    ).fetchall()
    (let_go,) = database.execute_sql(
        f"SELECT count(*) FROM {_SENT} WHERE last AND attempt >= {LET_GO_STEP}"
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
