// Placeholder until the analyses land (sweeps, tornado, frontier, stress).
