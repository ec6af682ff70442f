package io.akosha.sync.hook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.cli.AppVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code akosha-sync install-hook}: adds the SessionEnd hook to Claude Code's settings, keeping everything else in
 * them, once. Exit 0 when the hook is there afterwards (or would be, {@code --dry-run}); 1 when the settings cannot
 * be read or written (the file is left as it was); 2 for a usage error.
 */
@Command(name = "install-hook", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Add `akosha-sync hook` to Claude Code's SessionEnd hooks in its settings file, keeping "
                + "everything else in the file and a backup of it. Running it again changes nothing.")
public final class InstallHook implements Callable<Integer> {

    @Option(names = "--settings", paramLabel = "FILE",
            description = "Claude Code's settings file (default: ~/.claude/settings.json).")
    Path settings;

    @Option(names = "--command", paramLabel = "CMD",
            description = "The hook command to add (default: this executable's own `hook` command).")
    String command;

    @Option(names = "--dry-run", description = "Print the settings it would write; write nothing.")
    boolean dryRun;

    private final Path home;
    private final PrintStream out;
    private final PrintStream err;

    public InstallHook() {
        this(Path.of(System.getProperty("user.home")), System.out, System.err);
    }

    InstallHook(Path home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (command != null && command.isBlank()) {
            err.println("akosha-sync install-hook: --command must not be blank");
            return 2;
        }
        return install(settings != null ? settings : home.resolve(".claude").resolve("settings.json"), command,
                dryRun);
    }

    /** {@code command} null: this executable's own. */
    private int install(Path settings, String command, boolean dryRun) {
        try {
            String hook = command == null ? OwnCommand.hook() : command;
            ObjectNode root = SettingsFile.read(settings);
            Optional<String> installed = HookSettings.installed(root, hook);
            if (installed.isEmpty()) {
                HookSettings.add(root, hook);
            }
            if (dryRun) {
                out.print(SettingsFile.pretty(root));
                err.println(installed.map(c -> "akosha-sync install-hook: " + settings + " already runs the hook ("
                        + c + "); it would stay as it is").orElse("akosha-sync install-hook: dry run, " + settings
                        + " not written; it would add: " + hook));
                return 0;
            }
            if (installed.isPresent()) {
                out.println("akosha-sync install-hook: " + settings + " already runs the hook at session end ("
                        + installed.get() + "); nothing changed");
                return 0;
            }
            Path backup = SettingsFile.write(settings, root);
            out.println("akosha-sync install-hook: added the SessionEnd hook to " + settings + ": " + hook);
            out.println(backup == null ? "akosha-sync install-hook: the file is new, no backup"
                    : "akosha-sync install-hook: the old file is kept as " + backup);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("akosha-sync install-hook: " + settings + " left as it was: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            err.println("akosha-sync install-hook: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("akosha-sync install-hook: " + settings + " left as it was: " + e.getClass().getSimpleName()
                    + ": " + Printable.of(String.valueOf(e.getMessage())));
            return 1;
        }
    }
}
