"""sqlalchemy.ext: the extensions model and revision files use."""
