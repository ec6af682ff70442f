package io.akosha.sync.cli;

import picocli.CommandLine.Option;

/** {@code --json} and {@code --verbose}, for the commands that print a result. */
public class OutputOptions {

    @Option(names = "--json", description = "Print the result as JSON on stdout (progress stays on stderr).")
    boolean json;

    @Option(names = { "-v", "--verbose" }, description = "Show the application's log on stderr.")
    boolean verbose;

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }
}
