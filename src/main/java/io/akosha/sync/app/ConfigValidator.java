package io.akosha.sync.app;

import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.cloud.CloudConfig;
import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.ingest.Ids;
import io.akosha.sync.mcp.McpConfig;
import io.akosha.sync.snapshot.SourceConfig;
import io.akosha.sync.local.LocalConfig;
import io.akosha.sync.upload.DestinationConfig;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.compress.CompressionConfig;
import io.akosha.sync.upload.UploadConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Checks what the config mappings cannot: paths that must exist, sizes S3 imposes, endpoints that must
 * parse. Any problem stops start-up with one message naming the property (exit code 1).
 */
@ApplicationScoped
public class ConfigValidator {

    private static final Logger LOG = Logger.getLogger(ConfigValidator.class);

    static final long MIN_PART = 5L * 1024 * 1024;
    static final long MAX_PART = 5L * 1024 * 1024 * 1024;
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern PREFIX = Pattern.compile("^[A-Za-z0-9_.\\-/]*$");
    private static final Pattern TABLE = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,127}$");
    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");

    private final SourceConfig source;
    private final SpoolConfig spool;
    private final UploadConfig upload;
    private final CompressionConfig compression;
    private final CloudConfig cloud;
    private final DestinationConfig destination;
    private final LocalConfig local;
    private final FallbackConfig fallback;
    private final McpConfig mcp;
    private final ModeConfig mode;

    public ConfigValidator(SourceConfig source, SpoolConfig spool, UploadConfig upload, CompressionConfig compression,
            CloudConfig cloud, DestinationConfig destination, LocalConfig local, FallbackConfig fallback,
            McpConfig mcp, ModeConfig mode) {
        this.mcp = mcp;
        this.mode = mode;
        this.source = source;
        this.spool = spool;
        this.upload = upload;
        this.compression = compression;
        this.cloud = cloud;
        this.destination = destination;
        this.local = local;
        this.fallback = fallback;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            // a value echoed back must never carry a secret (a URL with a password, a key pasted in the wrong place)
            throw new ConfigurationException(Redactor.redact("Invalid configuration: " + String.join("; ", problems)));
        }
    }

    List<String> problems() {
        List<String> p = new ArrayList<>();
        checkSource(p);
        checkUpload(p);
        checkCompression(p);
        checkWritable(spool.spoolDir(), "akosha.spool-dir", p);
        checkDestination(p);
        cloud.prefix().filter(x -> !PREFIX.matcher(x).matches() || x.contains(".."))
                .ifPresent(x -> p.add("akosha.cloud.prefix: only letters, digits, '_', '.', '-' and '/' are allowed"));
        fallback.url().filter(u -> !u.isBlank()).ifPresent(u -> checkFallback(u, p));
        if (fallback.protocol() == FallbackConfig.Protocol.MCP) {
            checkMcp(p);
        }
        return p;
    }

    private void checkSource(List<String> p) {
        Path dataDir = source.dataDir();
        if (!mode.commandMode()) { // restore and verify read the destination only
            if (!Files.isDirectory(dataDir)) {
                p.add("akosha.data-dir: '" + dataDir + "' is not an existing directory");
            } else if (!Files.isReadable(dataDir)) {
                p.add("akosha.data-dir: '" + dataDir + "' is not readable");
            }
        }
        source.systemId().filter(id -> !Ids.validId(id))
                .ifPresent(id -> p.add("akosha.system-id: must match " + Ids.ID.pattern()));
        for (String file : source.files()) {
            String problem = Ids.filePatternProblem(file);
            if (problem != null) {
                p.add("akosha.files: " + problem);
            }
        }
        for (Path dir : source.extraDirs().orElse(List.of())) {
            if (!dir.isAbsolute()) {
                p.add("akosha.extra-dirs: '" + dir + "' is not an absolute path");
            }
        }
    }

    private void checkUpload(List<String> p) {
        long part = upload.partSize().asLongValue();
        if (part < MIN_PART || part > MAX_PART) {
            p.add("akosha.upload.part-size: " + part + " bytes is outside S3's limits (5 MiB to 5 GiB)");
        }
        long chunk = upload.chunkSize().asLongValue();
        if (chunk < 64 * 1024 || chunk > Math.min(part, 64L * 1024 * 1024)) {
            p.add("akosha.upload.chunk-size: must be between 64 KiB and the part size (at most 64 MiB)");
        }
        if (upload.parts() < 1 || upload.parts() > 16) {
            p.add("akosha.upload.parallel-parts: must be between 1 and 16");
        }
        if (upload.maxInFlight() < 1) {
            p.add("akosha.upload.max-in-flight: must be at least 1");
        }
        if (upload.maxRetries() < 0) {
            p.add("akosha.upload.max-retries: must not be negative");
        }
        if (upload.timeout().isNegative() || upload.timeout().isZero()) {
            p.add("akosha.upload.timeout: must be positive");
        }
    }

    private void checkCompression(List<String> p) {
        if (compression.compressionLevel() < 1 || compression.compressionLevel() > 9) {
            p.add("akosha.compression-level: must be between 1 and 9");
        }
        if (compression.threads() < 1 || compression.threads() > 256) {
            p.add("akosha.compression-threads: must be between 1 and 256");
        }
        int buffers = compression.compressionBuffers().orElse(1);
        if (buffers < 1 || buffers > 1024) {
            p.add("akosha.compression-buffers: must be between 1 and 1024");
        }
    }

    private void checkDestination(List<String> p) {
        String type = destination.effectiveType(cloud.hasBucket());
        if (!type.equals("s3") && !type.equals("local")) {
            p.add("akosha.destination.type: '" + Redactor.printable(type) + "' is not a destination type (local, s3)");
        }
        if (type.equals("s3") && !cloud.hasBucket()) {
            p.add("akosha.destination.type: s3 needs akosha.cloud.bucket");
        }
        if (type.equals("s3") && cloud.hasBucket()) {
            checkCloud(p);
        } else {
            checkWritable(local.dir(), "akosha.local.dir", p);
        }
    }

    private void checkCloud(List<String> p) {
        if (!BUCKET.matcher(cloud.bucket().get()).matches()) {
            p.add("akosha.cloud.bucket: '" + Redactor.printable(cloud.bucket().get())
                    + "' is not a valid bucket name (3-63 of a-z, 0-9, '.', '-')");
        }
        cloud.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> checkEndpoint(e, p));
        if (cloud.accessKeyId().isPresent() != cloud.secretAccessKey().isPresent()) {
            p.add("akosha.cloud.access-key-id and akosha.cloud.secret-access-key: set both or neither");
        }
        cloud.roleArn().filter(r -> !ROLE_ARN.matcher(r).matches())
                .ifPresent(r -> p.add("akosha.cloud.role-arn: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)"));
        if (cloud.roleArn().isPresent() && cloud.staticKeys()) {
            p.add("akosha.cloud.role-arn: not with static keys (akosha.cloud.access-key-id); use one or the other");
        }
        if (cloud.kmsKeyId().isPresent() && cloud.sse() != CloudConfig.Encryption.AWS_KMS) {
            p.add("akosha.cloud.kms-key-id: only with akosha.cloud.sse=aws-kms");
        }
    }

    private void checkFallback(String url, List<String> p) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                p.add("akosha.fallback.url: '" + Redactor.printable(url)
                        + "' must be an absolute https URL with a host, no credentials and no query");
            } else if ("http".equals(scheme)) {
                if (!fallback.allowInsecureLoopback() || !isLoopback(uri.getHost())) {
                    p.add("akosha.fallback.url: must be https://; plain http:// only to a loopback host and only with"
                            + " akosha.fallback.allow-insecure-loopback=true");
                }
            } else if (!"https".equals(scheme)) {
                p.add("akosha.fallback.url: must be https://");
            }
        } catch (URISyntaxException e) {
            p.add("akosha.fallback.url: is not a valid URL");
        }
        if (fallback.missingToken() && !mode.commandMode()) {
            // a sidecar beside the session tool must start without the Secret that may hold it (an optional
            // secretKeyRef): the uploads to the bucket go on, only the fallback is off
            LOG.warn("akosha.fallback.token is not set: the HTTP fallback (protocol multipart) is off until it is;"
                    + " set AKOSHA_FALLBACK_TOKEN (in Kubernetes: the Secret akosha-ingest, docs/deployment.md)");
        }
    }

    private void checkMcp(List<String> p) {
        if (mcp.batchSize() < 1 || mcp.batchSize() > McpConfig.MAX_BATCH) {
            p.add("akosha.fallback.mcp.batch-size: must be between 1 and " + McpConfig.MAX_BATCH);
        }
        long bytes = mcp.batchBytes().asLongValue();
        if (bytes < 64 * 1024 || bytes > McpConfig.MAX_BODY) {
            p.add("akosha.fallback.mcp.batch-bytes: must be between 64K and 4M (Akosha refuses larger requests)");
        }
        String problem = Ids.fileNameProblem(mcp.database());
        if (problem != null) {
            p.add("akosha.fallback.mcp.database: " + problem);
        }
        for (String table : concat(mcp.conversationTables(), mcp.reflectionTables())) {
            if (!TABLE.matcher(table).matches()) {
                p.add("akosha.fallback.mcp: '" + Redactor.printable(table) + "' is not a table name (letters, digits"
                        + " and '_', not starting with a digit)");
            }
        }
        if (mcp.embeddingDimension() < 1) {
            p.add("akosha.fallback.mcp.embedding-dimension: must be positive");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Loopback by name or literal address, without a DNS lookup. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private void checkEndpoint(String endpoint, List<String> p) {
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                p.add("akosha.cloud.endpoint: '" + Redactor.printable(endpoint)
                        + "' is not an absolute http(s) URL with a host");
            } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                p.add("akosha.cloud.endpoint: must not contain credentials or a query string");
            } else if ("http".equals(scheme) && (!cloud.allowInsecureLoopback() || !isLoopback(uri.getHost()))) {
                p.add("akosha.cloud.endpoint: must be https://; plain http:// only to a loopback host and only with"
                        + " akosha.cloud.allow-insecure-loopback=true");
            }
        } catch (URISyntaxException e) {
            p.add("akosha.cloud.endpoint: is not a valid URL");
        }
    }

    private static void checkWritable(Path dir, String property, List<String> p) {
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                p.add(property + ": '" + dir + "' is not writable");
            }
        } catch (IOException e) {
            p.add(property + ": cannot create directory '" + dir + "'");
        }
    }
}
