package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not part of the test suite: {@code ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=AcceptBench}. Sends session ends to the packaged sidecar at a fixed rate (open loop: latency is
 * measured from each request's scheduled time, so a stall is not hidden) while the pipeline delivers them,
 * and prints the latency percentiles of the 202 answers. Budget (issue 20): p99 at most 5 ms at 200/s.
 */
class AcceptBench {

    static final int RATE = Integer.getInteger("bench.rate", 200);
    static final int SECONDS = Integer.getInteger("bench.seconds", 15);
    static final int WARMUP = Integer.getInteger("bench.warmup", 500);

    @TempDir
    Path work;

    @Test
    void acceptLatencyAtFixedRate() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.write(data.resolve("reflection.duckdb"), new byte[Integer.getInteger("bench.file-kb", 256) * 1024]);
        Map<String, String> config = Map.of("akosha.data-dir", data.toString(),
                "akosha.spool-dir", work.resolve("spool").toString(), "akosha.local.dir", work.resolve("store").toString(),
                "akosha.intake.max-pending", "1000000"); // accepts are measured, not back-pressure's 503s
        int port = ConfigErrorIT.freePort();
        try (SidecarProcess sidecar = SidecarProcess.start(work.resolve("sidecar.log"), port, config)) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            run(http, port, "warm", WARMUP, RATE);
            long[] micros = run(http, port, "bench", RATE * SECONDS, RATE);
            Arrays.sort(micros);
            System.out.printf("AcceptBench: %d session ends at %d/s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
                    + "p99.9 %.2f ms, max %.2f ms%n", micros.length, RATE, pct(micros, 50), pct(micros, 90),
                    pct(micros, 99), pct(micros, 99.9), micros[micros.length - 1] / 1000.0);
            BenchSupport.report("accept p99 ≤ 5 ms at " + RATE + "/s", String.format("%d session ends, open loop "
                    + "(from each request's scheduled time), JDK HttpClient, deliveries running", micros.length),
                    String.format("p50 %.2f ms, **p99 %.2f ms**, max %.2f ms", pct(micros, 50), pct(micros, 99),
                            micros[micros.length - 1] / 1000.0), "budget 5 ms", pct(micros, 99) <= 5 ? "met" : "missed");
        }
    }

    private static long[] run(HttpClient http, int port, String tag, int count, int rate) throws Exception {
        long intervalNanos = 1_000_000_000L / rate;
        long[] micros = new long[count];
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int n = i;
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/sessions/" + tag + "-" + i + "/end"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                micros[n] = (System.nanoTime() - scheduled) / 1000;
                if (r.statusCode() != 202) {
                    failures.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        assertEquals(0, failures.get(), "every session end accepted");
        return micros;
    }

    private static double pct(long[] sorted, double p) {
        return BenchSupport.percentile(sorted, p) / 1000.0;
    }
}
