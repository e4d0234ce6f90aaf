"""The client history file: its columns and quoting (format), strict reading, writing rows."""
