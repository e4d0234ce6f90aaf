"""Plain Python: money, time, the history CSV format and the attention rules (no Qt, no database)."""
