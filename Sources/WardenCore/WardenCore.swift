/// The shared core: warehouse, ingest, linkage, risk, fraud, pilots and audit.
public enum WardenCore {}
