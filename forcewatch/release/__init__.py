"""Public statistical releases built from one snapshot (no Django: see docs/releases.md)."""
