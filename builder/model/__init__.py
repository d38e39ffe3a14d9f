"""The dossier's data model: schema (as data), entities and dates."""
