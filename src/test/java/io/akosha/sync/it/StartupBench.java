package io.akosha.sync.it;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not part of the test suite: {@code ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=StartupBench}. Starts the packaged sidecar five times and prints the median time from process
 * start to the first 202 answer, and the RSS right after it.
 */
class StartupBench {

    static final int RUNS = Integer.getInteger("bench.runs", 5);

    @TempDir
    Path work;

    @Test
    void startToFirstAcceptedEvent() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.write(data.resolve("reflection.duckdb"), new byte[64 * 1024]);
        List<Long> millis = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Map<String, String> config = Map.of("akosha.data-dir", data.toString(),
                    "akosha.spool-dir", work.resolve("spool-" + run).toString(),
                    "akosha.local.dir", work.resolve("store").toString());
            long start = System.nanoTime();
            try (SidecarProcess sidecar = SidecarProcess.start(work.resolve("run-" + run + ".log"),
                    ConfigErrorIT.freePort(), config)) {
                while (true) {
                    try {
                        HttpResponse<String> r = sidecar.post("/v1/sessions/startup-" + run + "/end", "{}");
                        if (r.statusCode() == 202) {
                            break;
                        }
                    } catch (java.io.IOException notYet) {
                        // not listening yet
                    }
                    Thread.sleep(5);
                }
                millis.add((System.nanoTime() - start) / 1_000_000);
                rss.add(sidecar.rssKib() / 1024);
            }
        }
        System.out.printf("StartupBench: JVM start to first 202: median %d ms %s; RSS after it: median %d MiB %s%n",
                median(millis), millis, median(rss), rss);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
