from forcewatch.intake.mapping.spec import Mapping, SourceSpec, load_mapping

__all__ = ["Mapping", "SourceSpec", "load_mapping"]
