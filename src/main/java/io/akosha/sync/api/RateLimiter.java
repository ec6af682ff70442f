package io.akosha.sync.api;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: {@code rate} requests per second on average, bursts up to {@code burst}.
 * Buckets of clients that have been idle long enough to be full again are dropped, so the map stays small.
 */
final class RateLimiter {

    static final int MAX_CLIENTS = 10_000;

    private final double rate;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int rate, int burst) {
        this.rate = rate;
        this.burst = Math.max(1, burst);
    }

    boolean enabled() {
        return rate > 0;
    }

    /** @return 0 when the request may go ahead, otherwise the seconds to wait (at least 1) */
    long acquire(String client, long nowNanos) {
        if (buckets.size() > MAX_CLIENTS) {
            evictFull(nowNanos);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.refill(nowNanos, rate, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / rate));
        }
    }

    private void evictFull(long nowNanos) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next();
            synchronized (bucket) {
                bucket.refill(nowNanos, rate, burst);
                if (bucket.tokens >= burst) {
                    it.remove();
                }
            }
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now, double rate, double burst) {
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * rate);
            updated = now;
        }
    }
}
