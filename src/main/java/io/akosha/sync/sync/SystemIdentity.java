package io.akosha.sync.sync;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The system id used when an event names none: {@code akosha.system-id}, else the host name. */
@ApplicationScoped
public class SystemIdentity {

    private final String defaultSystemId;

    public SystemIdentity(@ConfigProperty(name = "akosha.system-id") Optional<String> systemId) {
        this.defaultSystemId = systemId.orElseGet(SystemIdentity::fromHostName);
    }

    public String defaultSystemId() {
        return defaultSystemId;
    }

    /** Host name reduced to Akosha's id rules ({@code [A-Za-z0-9_-]{1,64}}). */
    static String fromHostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        String cleaned = host.replaceAll("[^A-Za-z0-9_-]", "-");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
