package io.akosha.sync.app;

import io.akosha.sync.restore.Commands;
import io.akosha.sync.redact.RedactingPrintStream;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * One executable, two modes: without arguments (or {@code serve}) the sidecar; {@code list}, {@code restore},
 * {@code verify} run once against the configured destination and exit with their status.
 */
@QuarkusMain
public class AkoshaMain implements QuarkusApplication {

    @Inject
    Commands commands;

    public static void main(String... args) {
        System.setErr(new RedactingPrintStream(System.err)); // start-up errors are printed there, not logged
        if (Commands.isCommand(args)) {
            // a command must not bind the sidecar's port, start uploads or mix logs into its output
            System.setProperty("akosha.command-mode", "true");
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.log.console.stderr", "true");
            System.setProperty("quarkus.log.level", System.getProperty("quarkus.log.level", "WARN"));
        }
        Quarkus.run(AkoshaMain.class, args);
    }

    @Override
    public int run(String... args) throws Exception {
        if (!Commands.isCommand(args)) {
            Quarkus.waitForExit();
            return 0;
        }
        return commands.run(args);
    }
}
