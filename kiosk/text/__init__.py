"""Text rules that are not tied to a toolkit: Chinese line breaking."""
