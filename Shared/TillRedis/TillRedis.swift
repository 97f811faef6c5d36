// The Redis client lives here (issue 2).
