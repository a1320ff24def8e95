"""Demo builder of the accidents module (filled in below)."""
