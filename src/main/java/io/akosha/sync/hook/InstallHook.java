package io.akosha.sync.hook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code akosha-sync install-hook}: adds the SessionEnd hook to Claude Code's settings, keeping everything else in
 * them, once. Exit 0 when the hook is there afterwards (or would be, {@code --dry-run}); 1 when the settings cannot
 * be read or written (the file is left as it was); 2 for a usage error.
 */
public final class InstallHook {

    public static final String USAGE = "       akosha-sync install-hook [--settings FILE] [--command CMD] [--dry-run]";

    private final Path home;
    private final PrintStream out;
    private final PrintStream err;

    InstallHook(Path home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** {@code args[0]} is {@code install-hook}. */
    public static int run(String... args) {
        return new InstallHook(Path.of(System.getProperty("user.home")), System.out, System.err).execute(args);
    }

    int execute(String... args) {
        Path settings = home.resolve(".claude").resolve("settings.json");
        String command = null;
        boolean dryRun = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--settings") && i + 1 < args.length) {
                settings = Path.of(args[++i]);
            } else if (a.equals("--command") && i + 1 < args.length && !args[i + 1].isBlank()) {
                command = args[++i];
            } else if (a.equals("--dry-run")) {
                dryRun = true;
            } else {
                err.println("akosha-sync install-hook: unknown or incomplete argument: " + Printable.of(a)
                        + "\nusage:" + USAGE.substring("      ".length()));
                return 2;
            }
        }
        return install(settings, command, dryRun);
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
