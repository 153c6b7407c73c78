// The Data module. (Placeholder until its first real file lands.)
