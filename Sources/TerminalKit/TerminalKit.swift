/// Terminal toolkit: cells, canvas, widgets, themes, keys and backends.
public enum TerminalKit {}
