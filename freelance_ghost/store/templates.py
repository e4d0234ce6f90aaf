"""The user's own wording of the message templates, kept in the settings table."""

from __future__ import annotations

from freelance_ghost.core.templates import DEFAULT_TEMPLATES, Template, TemplateName
from freelance_ghost.store.models import Setting, database

_PREFIX = "template."


def _key(name: TemplateName, part: str) -> str:
    return f"{_PREFIX}{name.value}.{part}"


def load_templates() -> dict[TemplateName, Template]:
    """Every template: the user's wording where they changed it, the default elsewhere."""
    stored = {row.key: row.value for row in Setting.select().where(Setting.key.startswith(_PREFIX))}
    return {
        name: Template(
            name,
            stored.get(_key(name, "subject"), default.subject),
            stored.get(_key(name, "body"), default.body),
        )
        for name, default in DEFAULT_TEMPLATES.items()
    }


def load_template(name: TemplateName) -> Template:
    """One template as the user last saved it (or its default)."""
    return load_templates()[name]


def save_template(template: Template) -> None:
    """Stores the user's subject and body for this template."""
    with database.atomic():
        Setting.replace(key=_key(template.name, "subject"), value=template.subject).execute()
        Setting.replace(key=_key(template.name, "body"), value=template.body).execute()


def reset_template(name: TemplateName) -> Template:
    """Forgets the user's wording so the default applies again; returns that default."""
    with database.atomic():
        Setting.delete().where(
            Setting.key.in_([_key(name, "subject"), _key(name, "body")])
        ).execute()
    return DEFAULT_TEMPLATES[name]


def customized_templates() -> set[TemplateName]:
    """The templates whose wording the user changed (so Settings can offer to reset them)."""
    keys = {row.key for row in Setting.select(Setting.key).where(Setting.key.startswith(_PREFIX))}
    return {name for name in TemplateName if keys & {_key(name, "subject"), _key(name, "body")}}


_MY_NAME = "profile.my_name"


def load_my_name() -> str:
    """The name the user signs messages with ('' until they say)."""
    row = Setting.get_or_none(Setting.key == _MY_NAME)
    return row.value if row else ""


def save_my_name(name: str) -> None:
    """Remembers the name to sign messages with."""
    with database.atomic():
        Setting.replace(key=_MY_NAME, value=name.strip()).execute()
