"""The user's template wording persists in the settings table and can be reset to the default."""

from __future__ import annotations

from pathlib import Path

from freelance_ghost.core.templates import DEFAULT_TEMPLATES, Template, TemplateName
from freelance_ghost.store.models import Setting
from freelance_ghost.store.templates import (
    customized_templates,
    load_template,
    load_templates,
    reset_template,
    save_template,
)


def test_defaults_apply_where_nothing_is_stored(db: Path) -> None:
    assert load_templates() == DEFAULT_TEMPLATES
    assert customized_templates() == set()


def test_saved_wording_is_loaded_back(db: Path) -> None:
    mine = Template(TemplateName.FOLLOW_UP, "Hello again, {contact}", "Any news on {topic}?")
    save_template(mine)
    assert load_template(TemplateName.FOLLOW_UP) == mine
    assert Setting.get_by_id("template.follow_up.subject").value == "Hello again, {contact}"
    assert Setting.get_by_id("template.follow_up.body").value == "Any news on {topic}?"
    others = {name: t for name, t in load_templates().items() if name is not mine.name}
    assert others == {n: t for n, t in DEFAULT_TEMPLATES.items() if n is not mine.name}
    assert customized_templates() == {TemplateName.FOLLOW_UP}


def test_saving_again_replaces_the_wording(db: Path) -> None:
    save_template(Template(TemplateName.REMINDER_1, "One", "First"))
    save_template(Template(TemplateName.REMINDER_1, "Two", "Second"))
    assert load_template(TemplateName.REMINDER_1) == Template(
        TemplateName.REMINDER_1, "Two", "Second"
    )
    assert Setting.select().where(Setting.key.startswith("template.reminder_1.")).count() == 2


def test_a_half_stored_template_takes_the_default_for_the_other_half(db: Path) -> None:
    Setting.create(key="template.final_notice.subject", value="Last call: {invoice}")
    loaded = load_template(TemplateName.FINAL_NOTICE)
    assert loaded.subject == "Last call: {invoice}"
    assert loaded.body == DEFAULT_TEMPLATES[TemplateName.FINAL_NOTICE].body


def test_reset_brings_back_the_default_and_leaves_other_settings(db: Path) -> None:
    Setting.create(key="multiplier", value="3.0")
    save_template(Template(TemplateName.FINAL_MESSAGE, "Bye", "Bye {contact}"))
    save_template(Template(TemplateName.LET_GO, "Note", "Gone"))
    default = reset_template(TemplateName.FINAL_MESSAGE)
    assert default == DEFAULT_TEMPLATES[TemplateName.FINAL_MESSAGE]
    assert load_template(TemplateName.FINAL_MESSAGE) == default
    assert load_template(TemplateName.LET_GO) == Template(TemplateName.LET_GO, "Note", "Gone")
    assert Setting.get_by_id("multiplier").value == "3.0"
    assert customized_templates() == {TemplateName.LET_GO}


def test_wording_with_stray_braces_and_any_text_survives(db: Path) -> None:
    odd = Template(TemplateName.SWITCH_TIME, "{ {{topic}} }", "Grüße 👋\n\n{unknown}\r\n{")
    save_template(odd)
    assert load_template(TemplateName.SWITCH_TIME) == odd
