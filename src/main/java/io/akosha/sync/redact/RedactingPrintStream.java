package io.akosha.sync.redact;

import java.io.PrintStream;
import java.util.function.UnaryOperator;

/**
 * Standard error with secrets masked, for what is printed there without a logger: Quarkus prints a configuration
 * error that stops start-up with {@code System.err.println}, echoing the values it could not convert.
 */
public final class RedactingPrintStream extends PrintStream {

    private final UnaryOperator<String> before;

    public RedactingPrintStream(PrintStream out) {
        this(out, UnaryOperator.identity());
    }

    /** {@code before} rewrites what is printed (e.g. into plainer words) before secrets are masked. */
    public RedactingPrintStream(PrintStream out, UnaryOperator<String> before) {
        super(out, true);
        this.before = before;
    }

    @Override
    public void println(String line) {
        super.println(Redactor.redact(before.apply(line)));
    }

    @Override
    public void print(String text) {
        super.print(Redactor.redact(before.apply(text)));
    }

    @Override
    public void println(Object value) {
        println(String.valueOf(value));
    }
}
