"""The user's own wording of the message templates, kept in the settings table."""

from __future__ import annotations

from freelance_ghost.core.templates import DEFAULT_TEMPLATES, Template, TemplateName
from freelance_ghost.store.settings import (
    MY_NAME,
    TEMPLATES,
    forget,
    load,
    save,
    stored_text,
    value_of,
)


def load_templates() -> dict[TemplateName, Template]:
    """Every template: the user's wording where they changed it, the default elsewhere."""
    stored = stored_text(TEMPLATES.values())
    return {
        name: Template(
            name,
            value_of(TEMPLATES[name, "subject"], stored),
            value_of(TEMPLATES[name, "body"], stored),
        )
        for name in DEFAULT_TEMPLATES
    }


def load_template(name: TemplateName) -> Template:
    """One template as the user last saved it (or its default)."""
    return load_templates()[name]


def save_template(template: Template) -> None:
    """Stores the user's subject and body for this template."""
    save(
        [
            (TEMPLATES[template.name, "subject"], template.subject),
            (TEMPLATES[template.name, "body"], template.body),
        ]
    )


def reset_template(name: TemplateName) -> Template:
    """Forgets the user's wording so the default applies again; returns that default."""
    forget([TEMPLATES[name, "subject"], TEMPLATES[name, "body"]])
    return DEFAULT_TEMPLATES[name]


def customized_templates() -> set[TemplateName]:
    """The templates whose wording the user changed (so Settings can offer to reset them)."""
    stored = stored_text(TEMPLATES.values())
    return {name for (name, _), spec in TEMPLATES.items() if spec.key in stored}


def load_my_name() -> str:
    """The name the user signs messages with ('' until they say)."""
    return load(MY_NAME)


def save_my_name(name: str) -> None:
    """Remembers the name to sign messages with."""
    save([(MY_NAME, name)])
