"""graphsvc: service-network mapping and gap analysis for municipal wellbeing work."""

__version__ = "0.1.0"
