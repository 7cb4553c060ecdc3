/// The dashboard screens and navigation.
public enum WardenUI {}
