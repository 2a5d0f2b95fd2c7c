"""Public statistical releases built from one snapshot (no Django; docs/releases.md)."""
