package io.akosha.sync.app;

import io.akosha.sync.cli.AppVersion;
import io.akosha.sync.cli.ConfigOverrides;
import io.akosha.sync.cli.InApplication;
import io.quarkus.runtime.Quarkus;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code akosha-sync serve}: the sidecar, until SIGTERM or Ctrl-C (which drain it: docs/operations.md). */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Run the sidecar: the event API on 127.0.0.1:8750, uploads, health and metrics. Stops on SIGTERM "
                + "or Ctrl-C after the syncs in flight reach a safe point.")
public class ServeCommand implements Callable<Integer>, InApplication {

    @Mixin
    ConfigOverrides overrides;

    @Override
    public Map<String, String> startProperties() {
        return overrides.properties();
    }

    @Override
    public Integer call() {
        return serve();
    }

    /** Runs until the application is asked to stop. */
    static int serve() {
        Quarkus.waitForExit();
        return 0;
    }
}
