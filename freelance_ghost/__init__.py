"""Freelance Ghost: keeps a freelancer's client relationships from going silent."""

__version__ = "0.1.0"
PROG = "freelance-ghost"  # the command's name, in its messages and its help
