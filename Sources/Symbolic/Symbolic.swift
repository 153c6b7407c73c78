// The Symbolic module. (Placeholder until its first real file lands.)
