"""pelayanan: the published results of Indonesia's public-service evaluations, as a queryable table."""

__version__ = "0.1.0"
