// The Optimize module. (Placeholder until its first real file lands.)
