package io.akosha.sync.cloud;

import io.akosha.sync.audit.Audit;
import io.akosha.sync.redact.Redactor;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The S3 client's credentials: a provider from the SDK (default chain, assumed role or static keys) that can be
 * thrown away and built again when the store says the credentials it gave are expired or unknown
 * ({@link #invalidate()}), so the next request fetches fresh ones (a new web-identity or AssumeRole call)
 * instead of failing until the SDK's cache would have refreshed on its own. Every new set of credentials is
 * audited (source, expiry, never the keys) and its secrets are handed to the {@link Redactor}.
 */
final class RefreshableCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

    private static final Logger LOG = Logger.getLogger(RefreshableCredentials.class);
    /** Parallel requests failing on the same expired credentials cause one refresh, not one each. */
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private final String source;
    private final boolean refreshable;
    private final Supplier<AwsCredentialsProvider> factory;
    private final Audit audit;
    private volatile AwsCredentialsProvider delegate;
    private volatile AwsCredentials last;
    private long invalidatedAt = System.nanoTime() - MIN_REFRESH_INTERVAL.toNanos();

    /**
     * @param source      what the credentials come from, for the audit log ({@code default-chain}, ...)
     * @param refreshable whether building the provider again can give other credentials (not for static keys)
     */
    RefreshableCredentials(String source, boolean refreshable, Supplier<AwsCredentialsProvider> factory, Audit audit) {
        this.source = source;
        this.refreshable = refreshable;
        this.factory = factory;
        this.audit = audit;
        this.delegate = factory.get();
    }

    String source() {
        return source;
    }

    boolean refreshable() {
        return refreshable;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        AwsCredentials current = delegate.resolveCredentials();
        AwsCredentials previous = last;
        if (previous != current && !same(previous, current)) {
            changed(previous, current);
        }
        return current;
    }

    private synchronized void changed(AwsCredentials previous, AwsCredentials current) {
        if (same(last, current)) {
            return;
        }
        last = current;
        Redactor.runtime(current.secretAccessKey());
        Redactor.runtime(current.accessKeyId());
        if (current instanceof AwsSessionCredentials session) {
            Redactor.runtime(session.sessionToken());
        }
        String expires = current.expirationTime().map(Object::toString).orElse(null);
        audit.record(previous == null ? "credentials.resolved" : "credentials.refreshed", "success",
                "source", source, "expires", expires);
        LOG.infof("S3 credentials %s from %s%s", previous == null ? "obtained" : "refreshed", source,
                expires == null ? "" : ", valid until " + expires);
    }

    /**
     * Drops the cached credentials: the next request builds the provider again and fetches new ones.
     *
     * @return whether the credentials can change (false for static keys: nothing to refresh)
     */
    synchronized boolean invalidate() {
        if (!refreshable) {
            return false;
        }
        long now = System.nanoTime();
        if (now - invalidatedAt < MIN_REFRESH_INTERVAL.toNanos()) {
            return true;
        }
        invalidatedAt = now;
        AwsCredentialsProvider old = delegate;
        delegate = factory.get();
        audit.record("credentials.invalidated", "success", "source", source,
                "reason", "the store refused the credentials as expired or unknown");
        if (old instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        return true;
    }

    private static boolean same(AwsCredentials a, AwsCredentials b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.accessKeyId().equals(b.accessKeyId()) && a.secretAccessKey().equals(b.secretAccessKey())
                && Objects.equals(token(a), token(b));
    }

    private static String token(AwsCredentials c) {
        return c instanceof AwsSessionCredentials s ? s.sessionToken() : null;
    }

    @Override
    public void close() {
        if (delegate instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
