// Retry, circuit breaker and rate limiting live here (issue 3).
