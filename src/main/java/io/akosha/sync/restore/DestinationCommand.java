package io.akosha.sync.restore;

import io.akosha.sync.cli.ConfigOverrides;
import io.akosha.sync.cli.InApplication;
import io.akosha.sync.cli.OutputOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What {@code list}, {@code restore} and {@code verify} share: they read the configured destination in command mode
 * ({@link InApplication#commandMode}), print a result ({@code --json}, {@code --verbose}), take {@code -D} overrides,
 * and do their work through {@link Commands} (null while the command line is parsed before the application starts).
 */
abstract class DestinationCommand implements Callable<Integer>, InApplication {

    @Mixin
    OutputOptions output;

    @Mixin
    ConfigOverrides overrides;

    final Commands commands;

    DestinationCommand(Commands commands) {
        this.commands = commands;
    }

    @Override
    public Map<String, String> startProperties() {
        return InApplication.commandMode(output, overrides);
    }
}
