// The Interpreter module. (Placeholder until its first real file lands.)
