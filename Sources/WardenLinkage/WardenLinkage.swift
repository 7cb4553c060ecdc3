/// Pure linkage algorithms: identifiers, text normalisation, address and person matching.
public enum WardenLinkage {}
