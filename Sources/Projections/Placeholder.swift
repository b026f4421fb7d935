// Projections: replay and views (see Replay.swift).
enum ProjectionsPlaceholder {}
