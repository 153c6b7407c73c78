// The Diagnostics module. (Placeholder until its first real file lands.)
