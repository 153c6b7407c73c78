// The Training module. (Placeholder until its first real file lands.)
