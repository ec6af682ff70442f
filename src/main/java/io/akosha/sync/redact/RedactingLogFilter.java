package io.akosha.sync.redact;

import io.quarkus.logging.LoggingFilter;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The redaction layer at the logging boundary: attached to the console, file and audit handlers (plain and
 * JSON output alike, {@code quarkus.log.*.filter=akosha-redact}), it masks secrets in every record's message,
 * parameters and exception chain before any handler formats it. Call sites need no discipline of their own.
 */
@LoggingFilter(name = RedactingLogFilter.NAME)
public final class RedactingLogFilter implements Filter {

    public static final String NAME = "akosha-redact";

    /** Settings whose values are secrets. */
    public static final List<String> SECRET_PROPERTIES = List.of("akosha.fallback.token", "akosha.api.token",
            "akosha.cloud.access-key-id", "akosha.cloud.secret-access-key");

    public RedactingLogFilter() {
        registerConfiguredSecrets(ConfigProvider.getConfig());
    }

    public static void registerConfiguredSecrets(Config config) {
        for (String property : SECRET_PROPERTIES) {
            config.getOptionalValue(property, String.class).ifPresent(Redactor::configured);
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String masked = Redactor.redact(formatted);
        if (record instanceof ExtLogRecord ext) {
            if (masked != null && !masked.equals(formatted)) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (masked != null && !masked.equals(formatted)) {
            record.setMessage(masked);
            record.setParameters(null);
        }
        record.setThrown(Redactor.redact(record.getThrown()));
        return true;
    }
}
