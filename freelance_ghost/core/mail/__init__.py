"""What a mail message means: its headers read (message) and the interactions it makes (mapping)."""
