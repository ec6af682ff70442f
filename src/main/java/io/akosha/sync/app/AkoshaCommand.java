package io.akosha.sync.app;

import io.akosha.sync.cli.AppVersion;
import io.akosha.sync.cli.ConfigOverrides;
import io.akosha.sync.cli.InApplication;
import io.akosha.sync.hook.HookCommand;
import io.akosha.sync.hook.InstallHook;
import io.akosha.sync.hook.StatusCommand;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.restore.ListCommand;
import io.akosha.sync.restore.RestoreCommand;
import io.akosha.sync.restore.VerifyCommand;
import io.akosha.sync.sync.Failures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code akosha-sync}: without a command, the sidecar ({@code serve}); every command has {@code --help}. Usage
 * errors are one line on stderr and exit 2 (but the hook's, which must never fail a session: 0); a command that
 * fails says why in one line and exits 1.
 */
@Command(name = "akosha-sync", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Keeps a coding-assistant session's memory: on each session end it snapshots the memory files "
                + "and uploads them to S3-compatible storage (or hands them to Akosha). Without a command it runs "
                + "the sidecar (serve).",
        subcommands = { ServeCommand.class, StatusCommand.class, ListCommand.class, RestoreCommand.class,
                VerifyCommand.class, HookCommand.class, InstallHook.class, VersionCommand.class },
        footer = { "", "Configuration: docs/configuration.md (akosha.* properties, AKOSHA_* variables).",
                "Exit codes: 0 done, 1 failed or not intact, 2 usage error." })
public class AkoshaCommand implements Callable<Integer>, InApplication {

    @Mixin
    ConfigOverrides overrides;

    /** The command line, with commands made by {@code factory} (the application's, or picocli's own before it). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(AkoshaCommand.class, factory);
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion(), factory);
        completion.getCommandSpec().name("completion").usageMessage().description("Print a bash/zsh completion script:",
                "  source <(akosha-sync completion)");
        cli.addSubcommand("completion", completion);
        return withHandlers(cli);
    }

    /**
     * {@code akosha-sync hook} alone: the session tool runs it at every session end, within a budget, so it does not
     * pay for building the other commands (on the JVM each costs class loading and reflection).
     */
    static CommandLine hookCommandLine() {
        return withHandlers(new CommandLine(new HookCommand()).setCommandName("akosha-sync hook"));
    }

    private static CommandLine withHandlers(CommandLine cli) {
        cli.setParameterExceptionHandler(AkoshaCommand::usageError);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(Redactor.redact(line.getCommandSpec().qualifiedName() + ": "
                    + Failures.describe(e)));
            return CommandLine.ExitCode.SOFTWARE;
        });
        cli.setExitCodeExceptionMapper(e -> CommandLine.ExitCode.SOFTWARE);
        return cli;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        String name = line.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> words = unmatched.getUnmatched();
            if (line.getParent() == null && !words.isEmpty() && !words.get(0).startsWith("-")) {
                message = "'" + words.get(0) + "' is not a command; the commands are "
                        + String.join(", ", line.getSubcommands().keySet());
            } else if (!unmatched.getSuggestions().isEmpty()) {
                message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
            }
        }
        line.getErr().println(Redactor.redact(name + ": " + message + " (" + name + " --help shows the usage)"));
        return line.getCommand() instanceof HookCommand ? 0 : CommandLine.ExitCode.USAGE;
    }

    @Override
    public Map<String, String> startProperties() {
        return overrides.properties();
    }

    /** The sidecar, as {@code serve}. */
    @Override
    public Integer call() {
        return ServeCommand.serve();
    }
}
