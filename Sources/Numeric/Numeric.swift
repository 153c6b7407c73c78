// The Numeric module. (Placeholder until its first real file lands.)
