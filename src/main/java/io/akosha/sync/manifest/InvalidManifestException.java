package io.akosha.sync.manifest;

import java.io.IOException;
import java.util.List;

/** A manifest that is not JSON, has a property of the wrong type, lacks a required one or breaks a rule. */
public class InvalidManifestException extends IOException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidManifestException(List<String> problems) {
        super("invalid manifest: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** What is wrong, one problem a line (at least one). */
    public List<String> problems() {
        return problems;
    }
}
