package io.akosha.sync.upload;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Object keys Akosha scans: {@code [prefix/]systems/{system_id}/{upload_id}/{file}}. */
@ApplicationScoped
public class Layout {

    public static final String MANIFEST = "manifest.json";

    private final String prefix;

    /** {@code akosha.cloud.prefix}: where in the bucket (or directory) this deployment's uploads live. */
    public Layout(@ConfigProperty(name = "akosha.cloud.prefix") Optional<String> prefix) {
        String p = prefix.orElse("").strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        this.prefix = p.isEmpty() ? "" : p + "/";
    }

    /** Where the uploads of one system (or, with null, of all systems) live. */
    public String systemsPrefix(String systemId) {
        return prefix + "systems/" + (systemId == null ? "" : systemId + "/");
    }

    /**
     * Splits a key into system id, upload id and object name; null when the key is not in the layout.
     */
    public String[] parse(String key) {
        if (!key.startsWith(prefix + "systems/")) {
            return null;
        }
        String[] parts = key.substring(prefix.length() + "systems/".length()).split("/");
        return parts.length == 3 ? parts : null;
    }

    /** The prefix of the upload an object key is in ({@code .../{upload_id}/}, with its slash). */
    public static String uploadPrefixOf(String objectKey) {
        return objectKey.substring(0, objectKey.lastIndexOf('/') + 1);
    }

    /** The upload id of an object key ({@code .../{upload_id}/{object}}). */
    public static String uploadIdOf(String objectKey) {
        String folder = objectKey.substring(0, objectKey.lastIndexOf('/'));
        return folder.substring(folder.lastIndexOf('/') + 1);
    }

    public String key(String systemId, String uploadId, String objectName) {
        return prefix + "systems/" + systemId + "/" + uploadId + "/" + objectName;
    }
}
