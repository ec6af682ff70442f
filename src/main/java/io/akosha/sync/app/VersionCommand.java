package io.akosha.sync.app;

import io.akosha.sync.cli.AppVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code akosha-sync version}: as {@code --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Print the version, whether this is the native executable or the JVM, and the platform.")
public class VersionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        for (String line : new AppVersion().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }
}
