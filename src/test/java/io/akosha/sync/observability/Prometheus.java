package io.akosha.sync.observability;

import static io.restassured.RestAssured.given;

import java.util.Map;

/** Reads samples from the sidecar's /q/metrics (Prometheus text format). */
final class Prometheus {

    private final String text;

    private Prometheus(String text) {
        this.text = text;
    }

    static Prometheus scrape() {
        return new Prometheus(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    String text() {
        return text;
    }

    boolean has(String name) {
        return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }

    /** The sample of {@code name} whose labels include {@code labels}; 0 when there is none. */
    double value(String name, Map<String, String> labels) {
        return text.lines()
                .filter(l -> !l.startsWith("#") && (l.startsWith(name + "{") || l.startsWith(name + " ")))
                .filter(l -> labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\"")))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    double value(String name) {
        return value(name, Map.of());
    }
}
