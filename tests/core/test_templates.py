"""Message templates: one per ladder step and invoice stage, filled in without ever failing."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from freelance_ghost.core.attention import (
    CheckinItem,
    InvoiceItem,
    Level,
    NextStepItem,
    SilenceItem,
    Stage,
)
from freelance_ghost.core.facts import ClientFacts, Reachable
from freelance_ghost.core.kinds import Channel, ClientStatus
from freelance_ghost.core.ladder import Action, Suggestion
from freelance_ghost.core.money import Money
from freelance_ghost.core.templates import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    Message,
    Template,
    TemplateName,
    days_phrase,
    fill,
    long_date,
    render,
    template_name,
    template_values,
)

NOW = datetime(2026, 3, 20, 9, tzinfo=UTC)
REACH = (
    Reachable("Hank", Channel.PHONE, "+1 555 0100"),
    Reachable("Marge", Channel.EMAIL, "marge@globex.example"),
    Reachable("Hank", Channel.EMAIL, "hank@globex.example"),
)


def silence(attempts: int, action: Action, channel: Channel | None = None) -> SilenceItem:
    first = NOW - timedelta(days=12, hours=3)
    facts = ClientFacts(
        client_id=1,
        name="Globex",
        status=ClientStatus.ACTIVE,
        last_inbound_contact="Hank",
        attempts=attempts,
        first_attempt=first,
        last_attempt=NOW - timedelta(days=4),
        last_attempt_channel=Channel.EMAIL,
    )
    return SilenceItem(
        client="Globex",
        client_id=1,
        overdue=timedelta(days=1),
        level=Level.GHOSTED if attempts >= 5 else Level.SILENT,
        attempts=attempts,
        first_attempt=first,
        last_attempt=NOW - timedelta(days=4),
        threshold=timedelta(days=3),
        typical_reply=timedelta(days=1),
        suggestion=Suggestion(action, channel=channel),
        facts=facts,
    )


def invoice(days_overdue: int, stage: Stage) -> InvoiceItem:
    return InvoiceItem(
        client="Globex",
        client_id=1,
        overdue=timedelta(days=days_overdue),
        invoice="INV-7",
        amount_due=Money(125000, "EUR"),
        due=date(2026, 2, 6),
        days_overdue=days_overdue,
        stage=stage,
    )


def test_every_ladder_step_and_invoice_stage_has_a_template() -> None:
    names = {name.value for name in TemplateName}
    ladder_and_stages = {action.value for action in Action} | {stage.value for stage in Stage}
    assert names == ladder_and_stages | {"checkin", "next_step", "deadline", "proposal"}
    assert set(DEFAULT_TEMPLATES) == set(TemplateName)
    for name, template in DEFAULT_TEMPLATES.items():
        assert template.name is name
        assert template.subject.strip()
        assert template.body.strip()


def test_default_wording_uses_only_known_placeholders() -> None:
    for template in DEFAULT_TEMPLATES.values():
        for text in (template.subject, template.body):
            assert set(_placeholders(text)) <= set(PLACEHOLDERS), template.name


def test_the_final_message_says_you_remain_available() -> None:
    body = DEFAULT_TEMPLATES[TemplateName.FINAL_MESSAGE].body
    assert "remain available" in body
    assert "{contact}" in body


def test_invoice_reminders_escalate_politely() -> None:
    stages = [TemplateName.REMINDER_1, TemplateName.REMINDER_2, TemplateName.REMINDER_3]
    bodies = [DEFAULT_TEMPLATES[name].body for name in [*stages, TemplateName.FINAL_NOTICE]]
    assert "friendly reminder" in bodies[0]
    assert "final notice" in bodies[3]
    assert all("{invoice}" in body and "{amount} {currency}" in body for body in bodies)
    assert all(("thank" in body.casefold()) for body in bodies[:3])


def test_fill_replaces_known_values_and_leaves_the_rest_visible() -> None:
    text = "Hi {contact}, about {topic} ({unknown}) {not a placeholder} {{client}} {"
    filled = fill(text, {"contact": "Hank", "client": "Globex"})
    assert filled == "Hi Hank, about {topic} ({unknown}) {not a placeholder} {Globex} {"


def test_fill_does_not_fill_what_a_value_brings_in() -> None:
    assert fill("{client} / {topic}", {"client": "{topic}", "topic": "x"}) == "{topic} / x"


@given(st.text(), st.dictionaries(st.text(max_size=8), st.text(max_size=8)))
def test_fill_never_raises(text: str, values: dict[str, str]) -> None:
    assert isinstance(fill(text, values), str)


def test_render_fills_subject_and_body() -> None:
    template = Template(TemplateName.FOLLOW_UP, "About {topic}", "Hi {contact}\n{my_name}")
    message = render(template, {"topic": "the logo", "contact": "Hank"})
    assert message == Message("About the logo", "Hi Hank\n{my_name}")


def test_silence_values_name_the_person_to_write_to() -> None:
    item = silence(2, Action.SWITCH_CHANNEL, Channel.EMAIL)
    values = template_values(item, REACH, NOW, my_name="Ada Lovelace", topic="the new logo")
    assert values == {
        "client": "Globex",
        "contact": "Hank",  # he wrote to us last and has an email address
        "days": "12 days",  # 12 days 3 hours since the first unanswered message
        "my_name": "Ada Lovelace",
        "topic": "the new logo",
    }
    message = render(DEFAULT_TEMPLATES[template_name(item)], values)
    assert message.subject == "Quick note about the new logo"
    assert message.body.startswith("Hi Hank,\n\n")
    assert message.body.endswith("Thanks,\nAda Lovelace")


def test_blank_values_leave_their_placeholders_for_the_user() -> None:
    item = silence(1, Action.FOLLOW_UP, Channel.EMAIL)
    values = template_values(item, (), NOW, my_name="  ", topic="")
    assert "my_name" not in values
    assert "topic" not in values
    assert values["contact"] == "Hank"  # no address known: the person who last wrote
    message = render(DEFAULT_TEMPLATES[TemplateName.FOLLOW_UP], values)
    assert message.subject == "Following up: {topic}"
    assert "from 12 days ago" in message.body


def test_without_any_contact_the_client_is_addressed() -> None:
    item = silence(4, Action.FINAL_MESSAGE)
    item = replace(item, facts=ClientFacts(1, "Globex", ClientStatus.ACTIVE))
    assert template_values(item, (), NOW)["contact"] == "Globex"


def test_invoice_values() -> None:
    item = invoice(8, Stage.REMINDER_2)
    values = template_values(item, REACH, NOW, my_name="Ada")
    assert values == {
        "client": "Globex",
        "contact": "Marge",  # the first person with an email address
        "days": "8 days",
        "invoice": "INV-7",
        "amount": "1250.00",
        "currency": "EUR",
        "due_date": "6 February 2026",
        "my_name": "Ada",
    }
    message = render(DEFAULT_TEMPLATES[template_name(item)], values)
    assert message.subject == "Invoice INV-7 is 8 days overdue"
    assert "invoice INV-7 for 1250.00 EUR, which was due on 6 February 2026" in message.body


@pytest.mark.parametrize(
    ("item", "name"),
    [
        (silence(1, Action.FOLLOW_UP), TemplateName.FOLLOW_UP),
        (silence(2, Action.SWITCH_TIME), TemplateName.SWITCH_TIME),  # no channel left
        (silence(5, Action.LET_GO), TemplateName.LET_GO),
        (invoice(1, Stage.REMINDER_1), TemplateName.REMINDER_1),
        (invoice(30, Stage.FINAL_NOTICE), TemplateName.FINAL_NOTICE),
    ],
)
def test_template_name_follows_the_suggestion_and_stage(
    item: SilenceItem | InvoiceItem, name: TemplateName
) -> None:
    assert template_name(item) is name


@pytest.mark.parametrize(("days", "phrase"), [(0, "less than a day"), (1, "1 day"), (9, "9 days")])
def test_days_phrase(days: int, phrase: str) -> None:
    assert days_phrase(days) == phrase


def test_long_date_is_english() -> None:
    assert long_date(date(2026, 12, 1)) == "1 December 2026"


def _placeholders(text: str) -> list[str]:
    return re.findall(r"\{([a-z_]+)\}", text)


def test_check_in_and_next_step_items_have_messages_too() -> None:
    checkin = CheckinItem(
        client="Globex",
        client_id=1,
        overdue=timedelta(days=2),
        due=NOW - timedelta(days=2),
        cadence_days=14,
        channel=Channel.EMAIL,
    )
    reach = [Reachable("Hank", Channel.EMAIL, "hank@globex.example")]
    assert template_name(checkin) is TemplateName.CHECK_IN
    message = render(DEFAULT_TEMPLATES[TemplateName.CHECK_IN], template_values(checkin, reach, NOW))
    assert message.body.startswith("Hi Hank,")
    step = NextStepItem(
        client="Globex",
        client_id=1,
        overdue=timedelta(days=1),
        next_step="send the revised quote",
        due=NOW.date(),
        contact="Hank",
    )
    assert template_name(step) is TemplateName.NEXT_STEP
    message = render(DEFAULT_TEMPLATES[TemplateName.NEXT_STEP], template_values(step, [], NOW))
    assert message.subject == "Next step: send the revised quote"
    assert "the next step was: send the revised quote." in message.body
