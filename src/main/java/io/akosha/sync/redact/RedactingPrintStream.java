package io.akosha.sync.redact;

import java.io.PrintStream;

/**
 * Standard error with secrets masked, for what is printed there without a logger: Quarkus prints a configuration
 * error that stops start-up with {@code System.err.println}, echoing the values it could not convert.
 */
public final class RedactingPrintStream extends PrintStream {

    public RedactingPrintStream(PrintStream out) {
        super(out, true);
    }

    @Override
    public void println(String line) {
        super.println(Redactor.redact(line));
    }

    @Override
    public void print(String text) {
        super.print(Redactor.redact(text));
    }

    @Override
    public void println(Object value) {
        println(String.valueOf(value));
    }
}
