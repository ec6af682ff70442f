package io.akosha.sync.app;

import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.api.ApiConfig;
import io.akosha.sync.audit.AuditConfig;
import io.akosha.sync.cloud.CloudConfig;
import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.snapshot.SourceConfig;
import io.akosha.sync.local.LocalConfig;
import io.akosha.sync.upload.DestinationConfig;
import io.akosha.sync.redact.RedactingLogFilter;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.spool.SpoolConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The configuration dump at start-up: what the sidecar will do, with every secret shown only as set or not
 * set. Also hands the configured secrets to the {@link Redactor}, so problem details and the status API mask
 * them even where the logging filter is not configured.
 */
@ApplicationScoped
public class ConfigReport {

    private static final Logger LOG = Logger.getLogger(ConfigReport.class);

    private final SourceConfig source;
    private final CloudConfig cloud;
    private final DestinationConfig destination;
    private final LocalConfig local;
    private final FallbackConfig fallback;
    private final ApiConfig api;
    private final AuditConfig audit;
    private final SpoolConfig spool;
    private final ModeConfig mode;

    public ConfigReport(SourceConfig source, CloudConfig cloud, DestinationConfig destination, LocalConfig local,
            FallbackConfig fallback, ApiConfig api, AuditConfig audit, SpoolConfig spool, ModeConfig mode) {
        this.source = source;
        this.cloud = cloud;
        this.destination = destination;
        this.local = local;
        this.fallback = fallback;
        this.api = api;
        this.audit = audit;
        this.spool = spool;
        this.mode = mode;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent event) {
        RedactingLogFilter.registerConfiguredSecrets(ConfigProvider.getConfig());
        if (!mode.commandMode()) {
            LOG.info(summary());
        }
        unknownNames(ConfigProvider.getConfig().getPropertyNames()).forEach(LOG::warn);
    }

    /** A warning for each {@code akosha.*} / {@code AKOSHA_*} name nothing reads: a typo is otherwise silent. */
    static List<String> unknownNames(Iterable<String> names) {
        KnownProperties known = new KnownProperties();
        // an environment variable shows up twice: as itself and as the dotted name derived from it
        Map<String, String> unknown = new TreeMap<>();
        for (String name : names) {
            if ((name.startsWith("akosha.") || name.startsWith("AKOSHA_")) && !known.knows(name)) {
                unknown.merge(KnownProperties.envForm(name), name, (a, b) -> a.startsWith("AKOSHA_") ? a : b);
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String name : unknown.values()) {
            warnings.add("Unknown configuration " + Redactor.printable(name) + " is ignored" + known.closest(name)
                    .map(c -> "; did you mean " + c + "?").orElse(" (docs/configuration.md lists every property)"));
        }
        return warnings;
    }

    String summary() {
        String destination = "s3".equals(this.destination.effectiveType(cloud.hasBucket()))
                ? "bucket " + cloud.bucket().get() + cloud.prefix().map(p -> " prefix " + p).orElse("")
                        + " at " + cloud.endpoint().filter(e -> !e.isBlank()).orElse("AWS") + " (" + cloud.region()
                        + "), credentials " + credentials() + ", server-side encryption " + sse()
                : "local directory " + local.dir();
        String http = fallback.usable() ? fallback.url().get() + " (token " + set(fallback.token()) + ")" : "off";
        return Redactor.redact("Configuration: data " + source.dataDir() + " (files " + source.files()
                + source.extraDirs().map(dirs -> ", extra directories " + dirs).orElse("") + "), destination "
                + destination
                + ", HTTP fallback " + http + ", API token " + set(api.token()) + ", API rate limit "
                + (api.rateLimit() > 0 ? api.rateLimit() + "/s per client (burst " + api.rateBurst() + ")" : "off")
                + ", audit log " + audit.file().orElse(spool.spoolDir().resolve("audit.log")));
    }

    private String credentials() {
        if (cloud.staticKeys()) {
            return "static keys (development only; key id and secret set)";
        }
        return cloud.roleArn().map(r -> "role " + r + " assumed with the default chain").orElse("default chain");
    }

    private String sse() {
        if (cloud.sse() == CloudConfig.Encryption.NONE) {
            return "none";
        }
        return cloud.sse() == CloudConfig.Encryption.AWS_KMS
                ? "aws:kms" + cloud.kmsKeyId().map(k -> " key " + k).orElse(" (bucket default key)") : "AES256";
    }

    private static String set(Optional<String> secret) {
        return secret.filter(s -> !s.isBlank()).isPresent() ? "set" : "not set";
    }
}
