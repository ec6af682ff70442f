package io.akosha.sync.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A count given on the command line: a whole number of at least 1. */
public class PositiveInteger implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new TypeConversionException("'" + value + "' is not a whole number of at least 1");
    }
}
