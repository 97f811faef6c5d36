import TillRedis

/// Redis transport failures (connection lost, timeout, `LOADING`, …) are worth another attempt,
/// so ``RetryPolicy`` retries them and ``CircuitBreaker`` counts them against Redis.
extension RedisError: RetriableError {}
