package io.akosha.sync.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.spool.SpoolConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The audit log: one JSON object per security-relevant event, as one line of its own file ({@link AuditConfig}:
 * plain JSON lines, rotated by size) and on the log category {@value #CATEGORY} of the main log. Only the sidecar
 * writes the file; a command ({@code list}, {@code restore}, {@code verify}) run beside it leaves it alone. Events
 * carry who, what and the outcome, never a secret: every value goes through the {@link Redactor}, and the line
 * again as a whole.
 */
@ApplicationScoped
public class Audit {

    public static final String CATEGORY = "akosha.audit";

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditFile file;
    private final AtomicBoolean fileFailed = new AtomicBoolean();

    public Audit(AuditConfig config, SpoolConfig spool, ModeConfig mode) {
        this.file = mode.commandMode() ? null : new AuditFile(config.file().orElse(spool.spoolDir().resolve(
                "audit.log")), config.maxFileSize().asLongValue(), Math.max(0, config.maxBackups()));
    }

    /**
     * Records one event.
     *
     * @param event   what happened, e.g. {@code api.auth}, {@code credentials.refreshed}, {@code upload}
     * @param outcome {@code success} or {@code failure}
     * @param details further fields, in order (null values are left out)
     */
    public void record(String event, String outcome, Object... details) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", Instant.now().toString());
        line.put("event", event);
        line.put("outcome", outcome);
        for (int i = 0; i + 1 < details.length; i += 2) {
            Object value = details[i + 1];
            if (value != null) {
                line.put(String.valueOf(details[i]), value instanceof String s ? Redactor.redact(s) : value);
            }
        }
        String json;
        try {
            json = Redactor.redact(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warnf("Audit event %s could not be written", event);
            return;
        }
        LOG.info(json);
        if (file != null) {
            try {
                file.append(json);
                fileFailed.set(false);
            } catch (IOException e) {
                if (fileFailed.compareAndSet(false, true)) { // once until it works again, not once per event
                    LOG.errorf("The audit file cannot be written (%s); events go to the main log only until it can",
                            e.toString());
                }
            }
        }
    }

    @PreDestroy
    void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
