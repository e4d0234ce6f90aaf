"""The calendar's facts: every dated promise in the records, whatever the day."""

from __future__ import annotations

from freelance_ghost.core.calendar import InvoiceDue, ProjectDue
from freelance_ghost.core.clock import stored_date
from freelance_ghost.core.money import Money
from freelance_ghost.store.models import database

# Unpaid, past due or not, whatever the client's status: money owed is owed (docs/rules.md §5).
_UNPAID_INVOICES_SQL = """
SELECT i.id, c.name, i.number, i.amount_minor - coalesce(p.paid, 0), i.currency, i.due_on
FROM invoice i
JOIN client c ON c.id = i.client_id
LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS paid FROM payment GROUP BY invoice_id) p
    ON p.invoice_id = i.id
WHERE i.amount_minor > coalesce(p.paid, 0)
ORDER BY i.id
"""

# The projects whose deadlines the attention list warns of (docs/rules.md §5a), at any distance.
_ACTIVE_DEADLINES_SQL = """
SELECT p.id, c.name, p.name, p.deadline
FROM project p
JOIN client c ON c.id = p.client_id
WHERE p.status = 'active' AND p.deadline IS NOT NULL
    AND c.status != 'closed' AND c.archived_at IS NULL
ORDER BY p.id
"""


def unpaid_invoices() -> list[InvoiceDue]:
    """Every invoice with money still owed on it."""
    return [
        InvoiceDue(invoice_id, client, number, Money(outstanding, currency), stored_date(due))
        for invoice_id, client, number, outstanding, currency, due in database.execute_sql(
            _UNPAID_INVOICES_SQL
        )
    ]


def active_deadlines() -> list[ProjectDue]:
    """Every active project's deadline, of clients that are neither closed nor archived."""
    return [
        ProjectDue(project_id, client, project, stored_date(deadline))
        for project_id, client, project, deadline in database.execute_sql(_ACTIVE_DEADLINES_SQL)
    ]
