package io.akosha.sync.app;

import io.akosha.sync.hook.HookCommand;
import io.akosha.sync.hook.InstallHook;
import io.akosha.sync.restore.Commands;
import io.akosha.sync.redact.RedactingPrintStream;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * One executable, two modes: without arguments (or {@code serve}) the sidecar; {@code list}, {@code restore},
 * {@code verify} run once against the configured destination and exit with their status. {@code hook} and
 * {@code install-hook} (Claude Code's SessionEnd hook) run without Quarkus: the hook must answer within its budget
 * however the application starts, and needs none of it.
 */
@QuarkusMain
public class AkoshaMain implements QuarkusApplication {

    @Inject
    Commands commands;

    public static void main(String... args) {
        System.setErr(new RedactingPrintStream(System.err)); // start-up errors are printed there, not logged
        if (args.length > 0 && args[0].equals("hook")) {
            System.exit(HookCommand.run(args));
        }
        if (args.length > 0 && args[0].equals("install-hook")) {
            System.exit(InstallHook.run(args));
        }
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
