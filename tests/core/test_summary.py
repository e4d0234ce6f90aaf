"""The conversation summary read newest first: the same answer as the whole history, fewer rows."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.pace import (
    REPLY_DELAYS_KEPT,
    ConversationSummary,
    TouchRow,
    reply_delays,
    summarize_newest_first,
)

HOUR = 3_600_000_000


def whole_history_summary(rows: list[TouchRow]) -> ConversationSummary:
    """The summary as docs/rules.md defines it, from every row in time order (ties as stored)."""
    if not rows:
        return ConversationSummary()
    inbound = [r for r in rows if r[1] == "in"]
    outbound = [r for r in rows if r[1] == "out"]
    last_in = inbound[-1] if inbound else None
    last_out = outbound[-1] if outbound else None
    unanswered = [r for r in outbound if last_in is None or r[0] > last_in[0]]
    last_any = rows[-1][0]
    return ConversationSummary(
        last_in=last_in[0] if last_in else None,
        last_in_channel=last_in[2] if last_in else None,
        last_in_contact_id=last_in[3] if last_in else None,
        last_out=last_out[0] if last_out else None,
        last_out_channel=last_out[2] if last_out else None,
        last_any=last_any,
        attempts=len(unanswered),
        first_attempt=unanswered[0][0] if unanswered else None,
        unanswered_channels=tuple(sorted({r[2] for r in unanswered})),
        reply_delays=tuple(reply_delays((r[0], r[1]) for r in rows)),
        commitments=tuple((r[4], r[5], r[3]) for r in rows if r[0] == last_any and r[5]),
    )


# Few distinct instants and channels, so ties, repeats and same-instant commitments are common.
touches = st.tuples(
    st.integers(0, 40).map(lambda hours: hours * HOUR),
    st.sampled_from(["in", "out"]),
    st.sampled_from(["email", "phone", "sms"]),
    st.none() | st.integers(1, 3),
    st.sampled_from(["", "send the quote"]),
    st.none() | st.sampled_from(["2026-03-01", "2026-03-04"]),
)


@given(st.lists(touches, max_size=60))
def test_newest_first_summary_equals_the_whole_history_summary(rows: list[TouchRow]) -> None:
    in_time_order = sorted(rows, key=lambda row: row[0])  # a stable sort keeps stored order
    newest_first = in_time_order[::-1]
    assert summarize_newest_first(newest_first) == whole_history_summary(in_time_order)


class CountingRows:
    """Rows handed out one at a time, counting how many were asked for."""

    def __init__(self, rows: list[TouchRow]) -> None:
        self.rows = rows
        self.read = 0

    def __iter__(self) -> Iterator[TouchRow]:
        for row in self.rows:
            self.read += 1
            yield row


def exchanges(count: int) -> list[TouchRow]:
    """``count`` follow-up, follow-up, reply exchanges a day apart, in time order."""
    rows: list[TouchRow] = []
    for day in range(count):
        start = day * 24 * HOUR
        rows += [
            (start, "out", "email", 1, "", None),
            (start + HOUR, "out", "phone", 1, "", None),
            (start + 3 * HOUR, "in", "email", 1, "", None),
        ]
    return rows


def test_ten_years_of_exchanges_are_summarised_from_their_tail() -> None:
    history = exchanges(3650)
    rows = CountingRows(history[::-1])
    summary = summarize_newest_first(rows)
    assert summary == whole_history_summary(history)
    assert summary.reply_delays == (3 * HOUR,) * REPLY_DELAYS_KEPT
    # The ten kept exchanges and the reply that closes the stretch before them.
    assert rows.read == 3 * REPLY_DELAYS_KEPT + 1


def test_commitments_at_the_latest_instant_are_all_read() -> None:
    latest = 3650 * 24 * HOUR
    history = [
        *exchanges(3650),
        (latest, "in", "email", 1, "call back", "2036-01-02"),
        *[(latest, "in", "email", 2, "", None)] * 20,
        (latest, "out", "phone", 2, "send the invoice", "2036-01-03"),
    ]
    summary = summarize_newest_first(history[::-1])
    assert summary.commitments == (
        ("call back", "2036-01-02", 1),
        ("send the invoice", "2036-01-03", 2),
    )
    assert summary == whole_history_summary(history)


def test_a_commitment_behind_a_full_set_of_delays_at_the_latest_instant_is_read() -> None:
    latest = 100
    history: list[TouchRow] = [(latest, "in", "email", 1, "call back", "2036-01-02")]
    history += [
        (latest, direction, "email", 1, "", None)
        for _ in range(REPLY_DELAYS_KEPT + 1)
        for direction in ("out", "in")
    ]
    summary = summarize_newest_first(history[::-1])
    assert summary.commitments == (("call back", "2036-01-02", 1),)
    assert summary == whole_history_summary(history)


def test_no_rows_give_the_empty_summary() -> None:
    assert summarize_newest_first([]) == ConversationSummary()
