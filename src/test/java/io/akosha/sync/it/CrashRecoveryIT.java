package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.FaultProxy;
import io.akosha.sync.support.IngestReceiver;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.Tools;
import io.akosha.sync.support.UploadVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The packaged sidecar against S3Proxy (behind a recording proxy), killed with SIGKILL at random moments while
 * several sessions of 100+ MB are being accepted, snapshotted and uploaded, restarted, killed again, and finally
 * left to finish. Then: every accepted sync is delivered exactly once with correct SHA-256s, one manifest per
 * upload, no multipart upload left behind, no part the store had confirmed was sent again, and every upload is
 * self-contained: its prefix holds exactly the objects its manifest lists (none unreferenced, none elsewhere),
 * each read whole by Python's standard {@code gzip} module. One session asks for the HTTP fallback, so kills land
 * there too; two sessions end again with an unchanged file (dedup: copied inside the store), one while the kills
 * go on and one at the end, whose copy is asserted.
 *
 * <p>CI runs a few rounds; the nightly size is {@code -Dcrash.rounds=20} (also {@code crash.sessions},
 * {@code crash.size-mb}, {@code crash.seed}). The numbers are printed as one line starting with {@code CRASH}.
 */
class CrashRecoveryIT {

    /** An UploadPart as the proxy records it: {@code PUT /bucket/key?...partNumber=N... HTTP/1.1 <body bytes>}. */
    private static final Pattern PART = Pattern.compile("^PUT ([^?\\s]+)\\?(?:\\S*&)?partNumber=(\\d+)\\S* \\S+ (\\d+)$");
    private static final String BUCKET = ProcessStore.BUCKET;
    /** This session asks for method http: kills land in the HTTP fallback too. */
    private static final String HTTP_SESSION = "session-1";
    private static final String TOKEN = "crash-ingest-token";

    @TempDir
    Path work;

    @Test
    void killedAtRandomMomentsDeliversEveryAcceptedSyncExactlyOnce() throws Exception {
        int rounds = Integer.getInteger("crash.rounds", 3);
        int sessions = Integer.getInteger("crash.sessions", 3);
        long size = Long.getLong("crash.size-mb", 100) * 1000 * 1000;
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("CRASH seed " + seed + ": " + rounds + " rounds, " + sessions + " sessions of " + size);

        Path data = Files.createDirectories(work.resolve("data"));
        for (int i = 0; i < sessions; i++) {
            TestFiles.writePseudoRandom(data.resolve("session-" + i + ".duckdb"), size + i * 1_000_003L);
        }
        try (ProcessStore store = new ProcessStore(work, "3g"); IngestReceiver akosha = new IngestReceiver(TOKEN)) {
            FaultProxy proxy = store.proxy;
            S3Client s3 = store.s3;
            Map<String, String> config = store.config(data, work.resolve("spool"), "crash-test");
            config.put("akosha.fallback.protocol", "multipart");
            config.put("akosha.fallback.url", akosha.url());
            config.put("akosha.fallback.token", TOKEN);
            config.put("akosha.fallback.allow-insecure-loopback", "true");
            int port = ConfigErrorIT.freePort();

            Map<String, String> accepted = new LinkedHashMap<>(); // session -> sync id
            int httpSends = 0;
            List<Integer> roundEnds = new ArrayList<>(); // forwarded requests at each kill
            int next = 0;
            for (int round = 0; round < rounds; round++) {
                try (SidecarProcess sidecar = SidecarProcess.start(work.resolve("round-" + round + ".log"), port,
                        config)) {
                    sidecar.awaitReady(Duration.ofSeconds(60));
                    if (next < sessions) { // a new session end in each early round: kills land in accept and snapshot too
                        accept(sidecar, "session-" + next, "session-" + next, accepted);
                        next++;
                    }
                    if (round == 1) { // copied if session-0 was delivered by then, else sent: kills land in either
                        accept(sidecar, "repeat-0", "session-0", accepted);
                    }
                    Thread.sleep(200 + random.nextInt(6000));
                    sidecar.kill();
                    Thread.sleep(300); // what was on its way through the proxy belongs to this round
                    roundEnds.add(proxy.forwarded().size());
                }
            }
            try (SidecarProcess last = SidecarProcess.start(work.resolve("final.log"), port, config)) {
                last.awaitReady(Duration.ofSeconds(60));
                while (next < sessions) {
                    accept(last, "session-" + next, "session-" + next, accepted);
                    next++;
                }
                last.awaitStatus(accepted.get("session-0"), "delivered");
                accept(last, "unchanged-0", "session-0", accepted);
                for (Map.Entry<String, String> session : accepted.entrySet()) {
                    JsonNode sync = last.awaitStatus(session.getValue(), "delivered");
                    if (session.getKey().equals(HTTP_SESSION)) {
                        httpSends = verifyHttpDelivery(akosha, sync);
                    } else {
                        UploadVerifier.verify(UploadVerifier.s3(s3, BUCKET), sync, null);
                    }
                    if (session.getKey().equals("unchanged-0")) {
                        assertEquals(0, sync.get("files").get(0).get("parts").asInt(), "copied, not sent: " + sync);
                    }
                }
                awaitNoMultipartUploads(s3);
            }
            int objects = assertSelfContained(s3);

            List<String> manifests = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                    .map(S3Object::key).filter(k -> k.endsWith("/manifest.json")).toList();
            int cloudSyncs = accepted.size() - (accepted.containsKey(HTTP_SESSION) ? 1 : 0);
            assertEquals(cloudSyncs, manifests.size(), "one manifest per sync delivered to the bucket: " + manifests);

            Resends resends = resends(proxy.forwarded(), roundEnds);
            System.out.printf("CRASH rounds=%d syncs_delivered=%d duplicates=%d objects_read_by_python_gzip=%d "
                    + "orphans=%d parts_sent=%d parts_resent_in_flight_at_kill=%d bytes_resent=%d "
                    + "parts_resent_after_confirmation=%d http_fallback_sends=%d%n",
                    rounds, accepted.size(), manifests.size() - cloudSyncs, objects,
                    s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size(), resends.sent,
                    resends.inFlight, resends.bytes, resends.confirmed.size(), httpSends);
            assertEquals(List.of(), resends.confirmed, "parts sent again although the store had them earlier");
        }
    }

    private static void accept(SidecarProcess sidecar, String session, String file, Map<String, String> accepted)
            throws Exception {
        String method = session.equals(HTTP_SESSION) ? ",\"method\":\"http\"" : "";
        HttpResponse<String> response = sidecar.post("/v1/sessions/" + session + "/end",
                "{\"files\":[\"" + file + ".duckdb\"]" + method + "}");
        assertEquals(202, response.statusCode(), response.body());
        accepted.put(session, UploadVerifier.json(response.body()).get("sync_id").asText());
    }

    /**
     * The session sent through the HTTP fallback: a kill mid-request makes the restart send it again, always with
     * the same Idempotency-Key (Akosha keeps one copy); the copy Akosha accepted is intact.
     *
     * @return how many requests reached the receiver for it
     */
    private static int verifyHttpDelivery(IngestReceiver akosha, JsonNode sync) {
        assertEquals("http", sync.get("method").asText(), sync.toString());
        String uploadId = sync.get("upload_id").asText();
        List<IngestReceiver.Request> requests = akosha.requests().stream()
                .filter(r -> r.manifest() != null && uploadId.equals(r.manifest().path("metadata").path("upload_id")
                        .asText()))
                .toList();
        assertTrue(requests.stream().anyMatch(r -> r.answered() / 100 == 2 && r.problems().isEmpty()),
                "an intact request was accepted: " + requests);
        assertEquals(1, requests.stream().map(IngestReceiver.Request::idempotencyKey).distinct().count(),
                "one Idempotency-Key for every send of the upload");
        return requests.size();
    }

    /**
     * Every object in the bucket lies under the prefix of a manifest that lists it, and every object a manifest
     * lists lies under its own prefix and is read whole, to its SHA-256, by Python's {@code gzip} module.
     *
     * @return how many objects Python read
     */
    private int assertSelfContained(S3Client s3) throws Exception {
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                .map(S3Object::key).toList();
        Set<String> referenced = new HashSet<>();
        Path object = work.resolve("object.gz");
        for (String manifestKey : keys.stream().filter(k -> k.endsWith("/manifest.json")).toList()) {
            String prefix = manifestKey.substring(0, manifestKey.length() - "manifest.json".length());
            referenced.add(manifestKey);
            JsonNode manifest = UploadVerifier.json(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(manifestKey))
                    .asUtf8String());
            for (JsonNode file : manifest.get("metadata").get("files")) {
                String key = file.get("object_key").asText();
                assertTrue(key.startsWith(prefix), key + " listed by " + manifestKey + " lies outside its upload");
                referenced.add(key);
                Files.deleteIfExists(object);
                s3.getObject(b -> b.bucket(BUCKET).key(key), object);
                assertEquals(file.get("sha256").asText(), Tools.run("python3", "-c",
                        "import gzip,hashlib,sys; print(hashlib.sha256(gzip.open(sys.argv[1]).read()).hexdigest())",
                        object.toString()), key + " read by Python's gzip module");
            }
        }
        assertEquals(Set.copyOf(keys), referenced, "objects no manifest lists");
        return referenced.size() - (int) keys.stream().filter(k -> k.endsWith("/manifest.json")).count();
    }

    private static void awaitNoMultipartUploads(S3Client s3) {
        await("orphan sweep").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().isEmpty());
        assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads(), "orphaned uploads");
    }

    /**
     * Parts whose body went through more than once. A part whose body was in flight when the process was killed
     * (the last one of its object before a kill) may legitimately go again, because its answer never came back;
     * any other repeat means a part the store had confirmed was re-sent.
     */
    private static Resends resends(List<String> forwarded, List<Integer> roundEnds) {
        Resends result = new Resends();
        Map<String, Integer> firstSeen = new HashMap<>(); // object + part -> index of its first send
        Set<Integer> lastBeforeKill = new HashSet<>();
        Map<String, Integer> lastOfObject = new HashMap<>();
        int round = 0;
        for (int i = 0; i < forwarded.size(); i++) {
            while (round < roundEnds.size() && i >= roundEnds.get(round)) {
                lastBeforeKill.addAll(lastOfObject.values());
                lastOfObject.clear();
                round++;
            }
            Matcher m = PART.matcher(forwarded.get(i));
            if (m.matches()) {
                lastOfObject.put(m.group(1), i);
            }
        }
        for (int i = 0; i < forwarded.size(); i++) {
            Matcher m = PART.matcher(forwarded.get(i));
            if (!m.matches()) {
                continue;
            }
            result.sent++;
            String part = m.group(1) + "#" + m.group(2);
            Integer first = firstSeen.putIfAbsent(part, i);
            if (first != null) {
                result.bytes += Long.parseLong(m.group(3));
                if (lastBeforeKill.contains(first)) {
                    result.inFlight++;
                    firstSeen.put(part, i);
                } else {
                    result.confirmed.add(forwarded.get(i));
                }
            }
        }
        return result;
    }

    private static final class Resends {
        int sent;
        int inFlight;
        long bytes;
        final List<String> confirmed = new ArrayList<>();
    }
}
