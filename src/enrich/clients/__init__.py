"""The only code that speaks HTTP: one module per service."""
