package io.akosha.sync.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.redact.Redactor;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The audit log: one JSON object per security-relevant event on the log category {@value #CATEGORY}, which
 * can be routed to a file of its own (README, "Audit log"). Events carry who, what and the outcome, never a
 * secret: every value goes through the {@link Redactor} as well as the log handlers' redaction filter.
 */
@ApplicationScoped
public class Audit {

    public static final String CATEGORY = "akosha.audit";

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final ObjectMapper JSON = new ObjectMapper();

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
        try {
            LOG.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warnf("Audit event %s could not be written", event);
        }
    }
}
