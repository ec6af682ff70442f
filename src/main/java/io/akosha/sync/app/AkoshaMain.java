package io.akosha.sync.app;

import io.akosha.sync.cli.InApplication;
import io.akosha.sync.redact.RedactingPrintStream;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * One executable: the arguments are parsed first, without the application. Help, usage errors and the commands that
 * need no application ({@code status}, {@code hook}, {@code install-hook}, {@code version}, {@code completion}) run
 * at once and exit; the sidecar ({@code serve}, the default) and the commands that read the destination
 * ({@code list}, {@code restore}, {@code verify}) start Quarkus, which runs them again with the application's beans.
 */
@QuarkusMain
public class AkoshaMain implements QuarkusApplication {

    private final CommandLine.IFactory factory;

    public AkoshaMain(CommandLine.IFactory factory) {
        this.factory = factory;
    }

    public static void main(String... args) {
        // start-up errors are printed there, not logged: in plain words, secrets masked
        System.setErr(new RedactingPrintStream(System.err, ConfigErrors::explain));
        if (args.length > 0 && args[0].equals("hook")) {
            System.exit(AkoshaCommand.hookCommandLine().execute(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        CommandLine cli = AkoshaCommand.commandLine(CommandLine.defaultFactory());
        CommandLine.ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.exit(cli.execute(args)); // parses again, and reports the usage error in one line
            return;
        }
        List<CommandLine> chain = parsed.asCommandLineList();
        Object command = chain.get(chain.size() - 1).getCommand();
        if (CommandLine.printHelpIfRequested(parsed)) {
            System.exit(CommandLine.ExitCode.OK);
        }
        if (!(command instanceof InApplication application)) {
            System.exit(cli.execute(args));
            return;
        }
        application.startProperties().forEach(System::setProperty);
        Quarkus.run(AkoshaMain.class, args);
    }

    @Override
    public int run(String... args) {
        return AkoshaCommand.commandLine(factory).execute(args);
    }
}
