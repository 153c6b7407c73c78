// The Syntax module. (Placeholder until its first real file lands.)
