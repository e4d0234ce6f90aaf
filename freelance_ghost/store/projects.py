"""Projects: each change is kept (the history's project rows); the latest one is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import IntegrityError

from freelance_ghost.core.kinds import ProjectStatus
from freelance_ghost.core.names import NameRefusedError, clean_name
from freelance_ghost.store.clients import note_client_event
from freelance_ghost.store.models import Project, ProjectChange, database


class ProjectError(ValueError):
    """A project change the records cannot take."""


@dataclass(frozen=True)
class ProjectLine:
    """A project as a client's page lists it."""

    project_id: int
    name: str
    status: ProjectStatus
    deadline: date | None


def add_project(
    client_id: int, name: str, status: ProjectStatus, deadline: date | None, at: datetime
) -> Project:
    """A new project; names are unique per client, whatever their case."""
    try:
        cleaned = clean_name(name)
    except NameRefusedError as error:
        raise ProjectError(f"the name: {error}") from None
    if not cleaned:
        raise ProjectError("a project needs a name")
    try:
        with database.atomic():
            note_client_event(client_id, at)
            project = Project.create(
                client=client_id,
                name=cleaned,
                name_key=cleaned.casefold(),
                status=status,
                deadline=deadline,
                created_at=at,
            )
            ProjectChange.create(project=project, changed_at=at, status=status, deadline=deadline)
            return project
    except IntegrityError:
        raise ProjectError(f"this client already has a project called {cleaned}") from None


def change_project(
    project_id: int, status: ProjectStatus, deadline: date | None, at: datetime, note: str = ""
) -> None:
    """Records a new status or deadline from ``at`` on."""
    with database.atomic():
        note_client_event(Project.get_by_id(project_id).client_id, at)
        ProjectChange.create(
            project=project_id, changed_at=at, status=status, deadline=deadline, summary=note
        )
        Project.update(status=status, deadline=deadline).where(Project.id == project_id).execute()


def project_lines(client_id: int) -> list[ProjectLine]:
    """The client's projects, live ones first, then by name."""
    order = {status: rank for rank, status in enumerate(ProjectStatus)}
    lines = [
        ProjectLine(project.id, project.name, ProjectStatus(project.status), project.deadline)
        for project in Project.select().where(Project.client == client_id)
    ]
    return sorted(lines, key=lambda line: (order[line.status], line.name.casefold()))
