/// The synthetic borough generator.
public enum WardenSynth {}
