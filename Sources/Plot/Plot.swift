// The Plot module. (Placeholder until its first real file lands.)
