package io.akosha.sync.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The alert rules and the dashboard in deploy/observability are well-formed (promtool is not available here). */
class ObservabilityAssetsTest {

    @Test
    void alertRulesHaveTheShapePrometheusLoads() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(Path.of("deploy/observability/prometheus-rules.yaml")));
        Set<String> alerts = new HashSet<>();
        for (JsonNode group : rules.get("groups")) {
            assertFalse(group.get("name").asText().isBlank());
            for (JsonNode rule : group.get("rules")) {
                String alert = rule.get("alert").asText();
                assertTrue(alert.matches("[A-Za-z_][A-Za-z0-9_]*"), "alert name " + alert);
                assertTrue(alerts.add(alert), "duplicate alert " + alert);
                String expr = rule.get("expr").asText();
                assertTrue(expr.contains("akosha_sync_"), alert + " watches the sidecar's metrics");
                assertEquals(count(expr, '('), count(expr, ')'), alert + ": unbalanced parentheses");
                assertTrue(rule.get("for").asText().matches("\\d+[smh]"), alert + ": for");
                Duration.parse("PT" + rule.get("for").asText().toUpperCase());
                assertTrue(Set.of("warning", "critical").contains(rule.at("/labels/severity").asText()), alert);
                assertFalse(rule.at("/annotations/summary").asText().isBlank(), alert + ": summary");
                assertFalse(rule.at("/annotations/description").asText().isBlank(), alert + ": description");
            }
        }
        assertEquals(Set.of("AkoshaSyncParked", "AkoshaSyncFallbackRateHigh", "AkoshaSyncOldestPendingTooOld",
                "AkoshaSyncUploadP95OverBudget"), alerts);
    }

    @Test
    void dashboardPanelsQueryPrometheus() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of(
                "deploy/observability/grafana-dashboard.json")));
        assertEquals("akosha-sync", dashboard.get("uid").asText());
        assertTrue(dashboard.get("panels").size() >= 8);
        for (JsonNode panel : dashboard.get("panels")) {
            assertFalse(panel.get("title").asText().isBlank());
            assertTrue(panel.get("targets").size() > 0, panel.get("title").asText());
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText();
                assertEquals(count(expr, '('), count(expr, ')'), panel.get("title").asText());
            }
        }
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
